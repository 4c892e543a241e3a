import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMode, fitCompletion } from '../../../src/core/completion/postprocess';
import { ctxOf } from './helpers';

const single = (prefix: string, suffix: string) => ctxOf({ prefix, suffix, mode: 'single', maxLines: 1 });
const block = (prefix: string, suffix: string, maxLines = 16) => ctxOf({ prefix, suffix, mode: 'multi', maxLines });

test('mode: text after the cursor → one line; after code → one statement; an opened block → several lines, bounded', () => {
  assert.deepEqual(chooseMode('  const x = foo(', ', 2)', 'function f() {'), { mode: 'single', maxLines: 1 });
  assert.deepEqual(chooseMode('  const x = foo(', ')', 'function f() {'), { mode: 'multi', maxLines: 8 });
  assert.deepEqual(chooseMode('  return a', '', ''), { mode: 'multi', maxLines: 8 });
  assert.deepEqual(chooseMode('  items.push(', '', ''), { mode: 'multi', maxLines: 8 });
  assert.deepEqual(chooseMode('  // explain', '', ''), { mode: 'single', maxLines: 1 }, 'a comment line');
  assert.deepEqual(chooseMode('  let x:', '', '', 'typescript'), { mode: 'multi', maxLines: 8 }, 'a type annotation opens no block');
  assert.deepEqual(chooseMode('    ', '', 'let x:', 'typescript'), { mode: 'multi', maxLines: 6 });
  assert.deepEqual(chooseMode('    case 1:', '', '', 'typescript'), { mode: 'multi', maxLines: 16 });
  assert.deepEqual(chooseMode('function f() {', '}', ''), { mode: 'multi', maxLines: 16 });
  assert.deepEqual(chooseMode('def f(x):', '', ''), { mode: 'multi', maxLines: 16 });
  assert.deepEqual(chooseMode('    ', '', 'if (ready) {'), { mode: 'multi', maxLines: 16 });
  assert.deepEqual(chooseMode('    ', '', '    log(x);'), { mode: 'multi', maxLines: 6 });
  assert.deepEqual(chooseMode('    ', 'foo();', 'if (ready) {'), { mode: 'single', maxLines: 1 });
});

test('single-line mode keeps only the current line', () => {
  assert.equal(fitCompletion('a + b;\n}\n\nfunction sub() {', single('  return ', '\n}')).text, 'a + b;');
  assert.equal(fitCompletion('\n  next();\n  more();', single('  run();', '\n}')).text, '\n  next();', 'a line may start on the next line');
});

test('empty and whitespace-only answers give nothing', () => {
  assert.equal(fitCompletion('', single('x = ', '')).text, '');
  assert.equal(fitCompletion('  \n\t\n', block('if (x) {\n  ', '\n}')).text, '');
  assert.equal(fitCompletion('<|endoftext|>junk', single('x = ', '')).text, '', 'leaked special token cut');
});

test('overlap with the text after the cursor is cut', () => {
  assert.equal(fitCompletion('done();', single('  finish', ';')).text, 'done()', 'the ; already follows');
  assert.equal(fitCompletion('hello"', single('const s = "', '"')).text, 'hello', 'the auto-closed quote already follows');
  const body = fitCompletion('return a + b;\n}', block('function add(a, b) {\n  ', '\n}\n'));
  assert.equal(body.text, 'return a + b;', 'the closing brace the document already has');
  const runOn = fitCompletion(
    'const y = 2;\n  const z = 3;\n  return y + z;',
    block('function f() {\n  ', '\n  const z = 3;\n  return y + z;\n}'),
  );
  assert.equal(runOn.text, 'const y = 2;', 'stops where it runs into the following lines');
});

test('stops at an unmatched closing bracket', () => {
  assert.equal(fitCompletion('a, b) + 1', single('  sum(', '')).text, 'a, b) + 1', 'closing the call the prefix opened');
  const r = fitCompletion('a, b);', single('  sum(', ')'));
  assert.deepEqual(r, { text: 'a, b);', replacesLineSuffix: true }, 'retypes the auto-closed ) and goes on: replaces the rest of the line');
  assert.deepEqual(fitCompletion('a, b)', single('  sum(', ')')), { text: 'a, b', replacesLineSuffix: false }, 'retypes it: cut');
  assert.equal(fitCompletion('foo()', single('  bar(', ')')).text, 'foo()', 'its own brackets are balanced: nothing cut');
  assert.equal(
    fitCompletion('x = 1;\n}\n\nfunction other() {\n  return 2;\n}', block('function f() {\n  ', '')).text,
    'x = 1;\n}',
    'the block ends at its closing brace',
  );
  assert.equal(fitCompletion('a, "(b)")', single('  sum(', ')')).text, 'a, "(b)"');
  assert.equal(fitCompletion('items[0]]', single('  x = [', ']')).text, 'items[0]');
});

test('repetition is dropped', () => {
  assert.equal(fitCompletion('log(1);\n  log(1);\n  log(1);', block('function f() {\n  ', '')).text, 'log(1);');
  assert.equal(fitCompletion('a();\n  b();\n  a();\n  b();\n  a();', block('function f() {\n  ', '')).text, 'a();\n  b();');
  assert.equal(fitCompletion('foo(1);', single('  foo(1);\n  ', '')).text, '', 'the line above, again');
  assert.equal(fitCompletion('1);', single('  foo(1);\n  foo(', '')).text, '', 'completing the line into a copy of the one above');
  assert.equal(
    fitCompletion('const a = 1;\n  const b = 2;', block('function f() {\n  const a = 1;\n  const b = 2;\n  ', '\n}')).text,
    '',
    'a block copied from just above',
  );
  assert.equal(
    fitCompletion('return 1;', single('  if (a) {\n    return 1;\n  } else {\n    ', '')).text,
    'return 1;',
    'a line equal to one further up is fine',
  );
});

test('block completions are bounded', () => {
  const many = Array.from({ length: 30 }, (_, i) => `step${i}();`).join('\n  ');
  assert.equal(fitCompletion(many, block('async function run() {\n  ', '', 16)).text.split('\n').length, 16);
});

test('indentation: a repeated cursor indent is dropped; chat answers are re-based on the cursor line', () => {
  assert.equal(fitCompletion('    x = 1', single('    ', '')).text, 'x = 1');
  const ctx = block('class A {\n  run() {\n    ', '\n  }\n}');
  assert.equal(fitCompletion('if (ok) {\n  go();\n}', ctx, true).text, 'if (ok) {\n      go();\n    }', 'relative to the first line');
  assert.equal(
    fitCompletion('if (ok) {\n      go();\n    }', ctx, true).text,
    'if (ok) {\n      go();\n    }',
    'already absolute: unchanged',
  );
  assert.equal(
    fitCompletion('x = 1\n    return x', block('def f():\n    if y:\n        ', ''), false).text,
    'x = 1\n    return x',
    'FIM keeps absolute indentation',
  );
});
