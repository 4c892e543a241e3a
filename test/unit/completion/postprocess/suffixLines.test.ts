import { runCases, type FitCase } from './cases';

/** An answer that runs into the document's next line is cut there: lines compared trimmed, the first one included. */
export const SUFFIX_LINES: readonly FitCase[] = [
  {
    name: 'the next line, as the answer’s only line: nothing',
    lang: 'ts',
    doc: 'function f() {\n  const x = 1;\n  ‖\n  return x;\n}\n',
    raw: 'return x;',
    expected: '',
  },
  {
    name: 'the next line after a new one: cut there',
    lang: 'ts',
    doc: 'function f() {\n  const x = 1;\n  ‖\n  return x;\n}\n',
    raw: 'log(x);\n  return x;',
    expected: 'log(x);',
  },
  {
    name: 'the next line indented otherwise: still cut',
    lang: 'ts',
    doc: 'function f() {\n  const x = 1;\n  ‖\n  return x;\n}\n',
    raw: 'log(x);\n    return x;\n}',
    expected: 'log(x);',
  },
  {
    name: 'unchanged: a new line before the next one',
    lang: 'ts',
    doc: 'function f() {\n  let x = 1;\n  ‖\n  return x;\n}\n',
    raw: 'x += 1;',
    expected: 'x += 1;',
  },
  {
    name: 'the next line as the answer’s first: nothing',
    lang: 'py',
    doc: 'def f(items):\n    total = 0\n    ‖\n    return total\n',
    raw: 'return total',
    expected: '',
  },
  {
    name: 'a loop, then the next line: the loop',
    lang: 'py',
    doc: 'def f(items):\n    total = 0\n    ‖\n    return total\n',
    raw: 'for x in items:\n        total += x\n    return total',
    expected: 'for x in items:\n        total += x',
  },
  {
    name: 'a line, then the next line: the line',
    lang: 'go',
    doc: 'func double(sum int) int {\n\t‖\n\treturn sum\n}\n',
    raw: 'sum = sum * 2\n\treturn sum',
    expected: 'sum = sum * 2',
  },
  {
    name: 'the next line as the first: nothing',
    lang: 'go',
    doc: 'func double(sum int) int {\n\t‖\n\treturn sum\n}\n',
    raw: 'return sum',
    expected: '',
  },
  {
    name: 'a call, then the next line: the call',
    lang: 'rust',
    doc: 'fn save(&mut self) -> io::Result<()> {\n    ‖\n    Ok(())\n}\n',
    raw: 'self.flush()?;\n    Ok(())',
    expected: 'self.flush()?;',
  },
  {
    name: 'unchanged: a closing line at another indentation closes another block',
    lang: 'rust',
    doc: 'fn main() {\n    for x in xs {\n        ‖\n}\n',
    raw: 'println!("{}", x);\n    }',
    expected: 'println!("{}", x);\n    }',
  },
  {
    name: 'a statement, then the next line: the statement',
    lang: 'java',
    doc: 'class C {\n    int next() {\n        ‖\n        return count;\n    }\n}\n',
    raw: 'count++;\n        return count;',
    expected: 'count++;',
  },
  {
    name: 'the next line as the first: nothing',
    lang: 'java',
    doc: 'class C {\n    int next() {\n        ‖\n        return count;\n    }\n}\n',
    raw: 'return count;',
    expected: '',
  },
  {
    name: 'an element, then the next one: the element',
    lang: 'jsx',
    doc: 'export function Page() {\n  return (\n    <>\n      ‖\n      <Footer />\n    </>\n  );\n}\n',
    raw: '<Header />\n      <Footer />',
    expected: '<Header />',
  },
  {
    name: 'the next element as the first: nothing',
    lang: 'jsx',
    doc: 'export function Page() {\n  return (\n    <>\n      ‖\n      <Footer />\n    </>\n  );\n}\n',
    raw: '<Footer />',
    expected: '',
  },
];

runCases('suffixLines', SUFFIX_LINES);
