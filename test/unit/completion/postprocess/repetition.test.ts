/**
 * Repetition (issue 14 §1): repeated lines and blocks, lines that end in repetition, a leading blank that repeats
 * the one the prefix ends with, and completions started mid-word.
 */
import { runCases, type FitCase } from './cases';

const REPEATS: readonly FitCase[] = [
  {
    name: 'a line repeated back to back is kept once',
    lang: 'ts',
    doc: 'function f() {\n  ‖\n}',
    raw: 'log(1);\n  log(1);\n  log(1);',
    expected: 'log(1);',
  },
  {
    name: 'a two-line block repeated is kept once',
    lang: 'py',
    doc: 'def setup():\n    ‖',
    raw: 'load()\n    check()\n    load()\n    check()\n    load()',
    expected: 'load()\n    check()',
  },
  {
    name: 'a repeated line with tabs is kept once',
    lang: 'go',
    doc: 'package main\n\nfunc main() {\n\t‖\n}',
    raw: 'fmt.Println(x)\n\tfmt.Println(x)',
    expected: 'fmt.Println(x)',
  },
  {
    name: 'a three-line block repeated is kept once',
    lang: 'rust',
    doc: 'fn main() {\n    ‖\n}',
    raw: 'let a = 1;\n    let b = 2;\n    println!("{}", a + b);\n    let a = 1;\n    let b = 2;\n    println!("{}", a + b);',
    expected: 'let a = 1;\n    let b = 2;\n    println!("{}", a + b);',
  },
  {
    name: 'equal lines that are not back to back stay',
    lang: 'java',
    doc: 'class A {\n    void f() {\n        ‖\n    }\n}',
    raw: 'x++;\n        y++;\n        x++;',
    expected: 'x++;\n        y++;\n        x++;',
  },
  {
    name: 'sibling elements that differ stay',
    lang: 'jsx',
    doc: 'export function Menu() {\n  return (\n    <ul>\n      ‖\n    </ul>\n  );\n}',
    raw: '<li>Home</li>\n      <li>About</li>',
    expected: '<li>Home</li>\n      <li>About</li>',
  },
  // Lines that end in repetition
  {
    name: 'an assignment chain looping: cut after its first unit',
    lang: 'ts',
    doc: 'let a, foo;\nconst x = ‖',
    raw: 'foo = foo = foo = foo = foo = foo = fo',
    expected: 'foo',
  },
  {
    name: 'a looping chain in a block: later lines go too',
    lang: 'ts',
    doc: 'function f() {\n  ‖\n}',
    raw: 'const y = 1;\n  x = x = x = x = x = x = x\n  return y;',
    expected: 'const y = 1;\n  x',
  },
  {
    name: 'the same argument over and over, terminated',
    lang: 'py',
    doc: 'result = compute(‖',
    raw: 'a, a, a, a, a, a, a)',
    expected: 'a',
  },
  {
    name: 'a list of zeros is data, not a loop',
    lang: 'py',
    doc: 'zeros = [‖',
    raw: '0, 0, 0, 0, 0, 0, 0, 0]',
    expected: '0, 0, 0, 0, 0, 0, 0, 0]',
  },
  {
    name: 'a ==== comment rule is decoration, not a loop',
    lang: 'py',
    doc: '‖\nimport os',
    raw: '# ========================================',
    expected: '# ========================================',
  },
  {
    name: 'a sum of the same term looping',
    lang: 'go',
    doc: 'package main\n\nfunc f(a int) int {\n\treturn ‖\n}',
    raw: 'a + a + a + a + a + a + a + a',
    expected: 'a',
  },
  {
    name: 'a hex mask of one repeated digit is a number',
    lang: 'go',
    doc: 'package main\n\nconst mask = ‖',
    raw: '0xABABABABABABABAB',
    expected: '0xABABABABABABABAB',
  },
  {
    name: 'a vector of one repeated name looping',
    lang: 'rust',
    doc: 'fn main() {\n    let v = vec![‖\n}',
    raw: 'x, x, x, x, x, x, x, x, x',
    expected: 'x',
  },
  {
    name: 'repeated numbers in an assertion stay',
    lang: 'rust',
    doc: 'fn main() {\n    ‖\n}',
    raw: 'assert_eq!(v, [1, 1, 1, 1]);',
    expected: 'assert_eq!(v, [1, 1, 1, 1]);',
  },
  {
    name: 'three repeats are still code',
    lang: 'rust',
    doc: 'fn main() {\n    let t = (‖\n}',
    raw: 'x, x, x);',
    expected: 'x, x, x);',
  },
  {
    name: 'a member chain looping',
    lang: 'java',
    doc: 'class A {\n    A f() {\n        return ‖\n    }\n}',
    raw: 'this.this.this.this.this.this.this',
    expected: 'this',
  },
  {
    name: 'a run of closing parentheses',
    lang: 'java',
    doc: 'class A {\n    void f() {\n        run(‖\n    }\n}',
    raw: 'wrap(load()))))))))))))))))))',
    expected: 'wrap(load()',
  },
  {
    name: 'an expression repeated inside JSX braces',
    lang: 'jsx',
    doc: 'export const P = ({ name }) => <p>{‖}</p>;',
    raw: 'name}{name}{name}{name}{name}{name}{name}{na',
    expected: 'name',
  },
  {
    name: 'a divider line of dashes stays',
    lang: 'jsx',
    doc: 'export function App() {\n  ‖\n}',
    raw: '// ----------------------------------------\n  return <div />;',
    expected: '// ----------------------------------------\n  return <div />;',
  },
];

const LEADING_SPACE: readonly FitCase[] = [
  { name: 'after `return `', lang: 'ts', doc: 'function f(x) {\n  return ‖\n}', raw: ' x * 2;', expected: 'x * 2;' },
  { name: 'after `= `', lang: 'py', doc: 'x = ‖', raw: ' 1', expected: '1' },
  { name: 'two blanks after `return `', lang: 'go', doc: 'package main\n\nfunc f() error {\n\treturn ‖\n}', raw: '  err', expected: 'err' },
  { name: 'a tab after `= `', lang: 'rust', doc: 'fn f(x: i32) -> i32 {\n    let y = ‖\n}', raw: '\tx + 1;', expected: 'x + 1;' },
  {
    name: 'after `return ` in a method',
    lang: 'java',
    doc: 'class A {\n    int f() {\n        return ‖\n    }\n}',
    raw: ' count;',
    expected: 'count;',
  },
  { name: 'before an element', lang: 'jsx', doc: 'export function App() {\n  return ‖\n}', raw: ' <div />;', expected: '<div />;' },
  { name: 'no blank before the cursor: the model’s blank stays', lang: 'ts', doc: 'const x =‖', raw: ' 1;', expected: ' 1;' },
  { name: 'a completion that starts on the next line stays', lang: 'py', doc: 'if ready: ‖', raw: ' \n    go()', expected: ' \n    go()' },
];

const MID_WORD: readonly FitCase[] = [
  {
    name: 'the word retyped: only its rest',
    lang: 'ts',
    doc: 'function f(x) {\n  cons‖\n}',
    raw: 'console.log(x);',
    expected: 'ole.log(x);',
  },
  { name: 'a keyword retyped', lang: 'ts', doc: 'function f(total) {\n  re‖\n}', raw: 'return total;', expected: 'turn total;' },
  {
    name: 'a FIM continuation of the word stays',
    lang: 'ts',
    doc: 'function f(x) {\n  cons‖\n}',
    raw: 'ole.log(x);',
    expected: 'ole.log(x);',
  },
  { name: 'a call retyped', lang: 'py', doc: 'def f(x):\n    pri‖', raw: 'print(x)', expected: 'nt(x)' },
  {
    name: 'a member retyped after the dot',
    lang: 'go',
    doc: 'package main\n\nfunc main() {\n\tfmt.Prin‖\n}',
    raw: 'Println(x)',
    expected: 'tln(x)',
  },
  { name: 'a type retyped', lang: 'rust', doc: 'fn main() {\n    let v = Ve‖\n}', raw: 'Vec::new();', expected: 'c::new();' },
  {
    name: 'a method retyped',
    lang: 'java',
    doc: 'class A {\n    void f() {\n        System.out.pri‖\n    }\n}',
    raw: 'println(x);',
    expected: 'ntln(x);',
  },
  {
    name: 'a component name retyped',
    lang: 'jsx',
    doc: 'export const App = () => <Butt‖',
    raw: 'Button onClick={go} />;',
    expected: 'on onClick={go} />;',
  },
  { name: 'a number is no word: its digits stay', lang: 'py', doc: 'x = 1‖', raw: '10', expected: '10' },
  {
    name: 'the word retyped and nothing more: nothing',
    lang: 'go',
    doc: 'package main\n\nfunc main() {\n\tx := coun‖\n}',
    raw: 'coun',
    expected: '',
  },
  {
    name: 'inside a word, not ending by retyping its rest: nothing',
    lang: 'ts',
    doc: 'const user = getUs‖er(id);',
    raw: 'erById',
    expected: '',
  },
  {
    name: 'inside a word, ending by retyping the rest of the line: that part is cut',
    lang: 'ts',
    doc: 'const user = get‖User(id);',
    raw: 'AllUser(id);',
    expected: 'All',
  },
  {
    name: 'inside a word, ending by retyping the word’s rest: that part is cut',
    lang: 'py',
    doc: 'def f(x):\n    total = sub‖total + x',
    raw: '_total',
    expected: '_',
  },
  { name: 'inside a word, another ending: nothing', lang: 'java', doc: 'class A {\n    int coun‖t = 0;\n}', raw: 'ter', expected: '' },
  {
    name: 'inside a word, an answer over several lines: nothing',
    lang: 'rust',
    doc: 'fn main() {\n    let total = su‖m;\n}',
    raw: 'm_of(xs);\n    let y = total',
    expected: '',
  },
  {
    name: 'before a word (a blank before the cursor): the completion stays',
    lang: 'jsx',
    doc: 'export function Name({ user }) {\n  return <b>{‖user.name}</b>;\n}',
    raw: 'props.',
    expected: 'props.',
  },
];

runCases('repetition', REPEATS);
runCases('leading space', LEADING_SPACE);
runCases('mid-word', MID_WORD);
