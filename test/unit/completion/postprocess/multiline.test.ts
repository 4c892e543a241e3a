import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerComplete } from '../../../../src/core/completion/postprocess';
import { prepareCall } from '../../../../src/core/completion/request';
import type { ModelConfig } from '../../../../src/core/types';
import { contextAt, runCases, type FitCase } from './cases';

/** Single or several lines, decided by the syntax at the cursor and by what the model wrote. */
export const MULTILINE: readonly FitCase[] = [
  {
    name: 'a method name: the whole method the model writes',
    lang: 'ts',
    doc: 'class Counter {\n  count = 0;\n\n  resetCounter‖\n}\n',
    raw: '() {\n    this.count = 0;\n  }',
    expected: '() {\n    this.count = 0;\n  }',
  },
  {
    name: 'a method name: the method, not the next one',
    lang: 'ts',
    doc: 'class Counter {\n  count = 0;\n\n  resetCounter‖\n}\n',
    raw: '() {\n    this.count = 0;\n  }\n\n  increment() {\n    this.count++;\n  }',
    expected: '() {\n    this.count = 0;\n  }',
  },
  {
    name: 'a finished statement: its line only',
    lang: 'ts',
    doc: 'function add(a: number, b: number) {\n  return ‖\n}\n',
    raw: 'a + b;\n}\n\nfunction sub(a: number, b: number) {',
    expected: 'a + b;',
  },
  {
    name: 'an argument mid-line: one line, retyping the rest of it',
    lang: 'ts',
    doc: 'function f(a: number, b: number) {\n  const total = sum(‖)\n}\n',
    raw: 'a, b);\n  return total;',
    expected: 'a, b);',
    replaces: true,
  },
  {
    name: 'a call the line opens: the object literal argument, to its closing line',
    lang: 'ts',
    doc: 'function seed(items: Item[]) {\n  items.push(‖\n}\n',
    raw: "{\n    id: 1,\n    name: 'x',\n  });\n  return items;",
    expected: "{\n    id: 1,\n    name: 'x',\n  });",
  },
  {
    name: 'a type annotation’s colon opens no block',
    lang: 'ts',
    doc: 'function total(xs: number[]) {\n  let total: ‖\n}\n',
    raw: 'number = 0;\n  for (const x of xs) total += x;',
    expected: 'number = 0;',
  },
  {
    name: 'parameters go on into the signature and body',
    lang: 'ts',
    doc: 'export function add(a: number‖\n',
    raw: ', b: number): number {\n  return a + b;\n}\n\nexport function sub(',
    expected: ', b: number): number {\n  return a + b;\n}',
  },
  {
    name: 'an arrow’s block body, not the statement after it',
    lang: 'ts',
    doc: 'function wire(bus: Bus) {\n  const onSave = async () =>‖\n}\n',
    raw: ' {\n    await bus.save();\n  };\n  bus.on(onSave);',
    expected: ' {\n    await bus.save();\n  };',
  },
  {
    name: 'a comment line stays one line',
    lang: 'ts',
    doc: 'function f() {\n  // TODO: ‖\n}\n',
    raw: 'handle errors\n  throw new Error();',
    expected: 'handle errors',
  },
  {
    name: 'unchanged: a one-line expression',
    lang: 'ts',
    doc: 'function f(a: number) {\n  const x = ‖\n}\n',
    raw: 'compute(a);',
    expected: 'compute(a);',
  },
  {
    name: 'a method name: the indented body',
    lang: 'py',
    doc: 'class Counter:\n    def __init__(self):\n        self.count = 0\n\n    def reset‖\n',
    raw: '(self):\n        self.count = 0\n\n    def increment(self):\n        self.count += 1',
    expected: '(self):\n        self.count = 0',
  },
  {
    name: 'a call the line opens: its arguments across lines',
    lang: 'py',
    doc: 'def bill(items):\n    total = compute(‖\n',
    raw: 'items,\n                    tax=0.2)\n    return total',
    expected: 'items,\n                    tax=0.2)',
  },
  {
    name: 'a finished expression: its line only',
    lang: 'py',
    doc: 'def add(a, b):\n    return a‖\n',
    raw: ' + b\n\n\ndef sub(a, b):\n    return a - b',
    expected: ' + b',
  },
  {
    name: 'unchanged: a one-line assignment',
    lang: 'py',
    doc: 'def f():\n    x = ‖\n',
    raw: '1',
    expected: '1',
  },
  {
    name: 'a method name: the method',
    lang: 'go',
    doc: 'type Counter struct {\n\tcount int\n}\n\nfunc (c *Counter) Reset‖\n',
    raw: '() {\n\tc.count = 0\n}\n\nfunc (c *Counter) Inc() {\n\tc.count++\n}',
    expected: '() {\n\tc.count = 0\n}',
  },
  {
    name: 'a finished call: its line only',
    lang: 'go',
    doc: 'func main() {\n\tresult := compute‖\n}\n',
    raw: '(x)\n\tif result > 0 {',
    expected: '(x)',
  },
  {
    name: 'a method name in an impl: the method',
    lang: 'rust',
    doc: 'impl Counter {\n    fn reset‖\n}\n',
    raw: '(&mut self) {\n        self.count = 0;\n    }\n\n    fn inc(&mut self) {\n        self.count += 1;\n    }',
    expected: '(&mut self) {\n        self.count = 0;\n    }',
  },
  {
    name: 'a match the line opens: its arms',
    lang: 'rust',
    doc: "fn name(c: Color) -> &'static str {\n    match c‖\n}\n",
    raw: ' {\n        Color::Red => "red",\n        Color::Blue => "blue",\n    }\n}',
    expected: ' {\n        Color::Red => "red",\n        Color::Blue => "blue",\n    }',
  },
  {
    name: 'a method name: the method',
    lang: 'java',
    doc: 'public class Counter {\n    private int count;\n\n    public void reset‖\n}\n',
    raw: '() {\n        count = 0;\n    }\n\n    public void inc() {\n        count++;\n    }',
    expected: '() {\n        count = 0;\n    }',
  },
  {
    name: 'an argument before the closing brackets: one line',
    lang: 'java',
    doc: 'class A {\n    void f(List<String> list) {\n        list.add(‖);\n    }\n}\n',
    raw: 'item);\n        list.clear();',
    expected: 'item',
  },
  {
    name: 'a parenthesised JSX return: the markup up to its closing line',
    lang: 'jsx',
    doc: 'export function Counter({ count }) {\n  return (‖\n}\n',
    raw: '\n    <div>\n      <p>{count}</p>\n    </div>\n  );\n}',
    expected: '\n    <div>\n      <p>{count}</p>\n    </div>\n  );',
  },
  {
    name: 'a map callback: its markup, the line’s own closers not retyped',
    lang: 'jsx',
    doc: 'export function List({ items }) {\n  return (\n    <ul>\n      {items.map((item) => ‖)}\n    </ul>\n  );\n}\n',
    raw: '(\n        <li key={item.id}>{item.name}</li>\n      ))}',
    expected: '(\n        <li key={item.id}>{item.name}</li>\n      )',
  },
];

runCases('multiline', MULTILINE);

const fimModel: ModelConfig = { name: 'm', endpoint: 'ollama', model: 'qwen2.5-coder:7b' };

test('request: after code on the line a block may come through; text after the cursor keeps the one-line stop', () => {
  const method = prepareCall(fimModel, true, contextAt({ lang: 'ts', doc: 'class C {\n  resetCounter‖\n}\n' }));
  assert.ok(method.kind === 'complete');
  assert.ok(!method.request.stop?.includes('\n'), 'no newline stop: the method body may follow');
  assert.ok(method.request.stop?.includes('\n\n'), 'a blank line ends the statement');
  assert.ok(method.request.maxTokens! > 64 && method.request.maxTokens! <= 8 * 24, String(method.request.maxTokens));
  const arg = prepareCall(fimModel, true, contextAt({ lang: 'ts', doc: 'f(a, ‖, c);\n' }));
  assert.ok(arg.kind === 'complete' && arg.request.stop?.[0] === '\n' && arg.request.maxTokens === 64);
});

test('streaming: generation may stop once the statement after the cursor is finished, not before', () => {
  const ctx = contextAt({ lang: 'ts', doc: 'class C {\n  resetCounter‖\n}\n' });
  assert.equal(answerComplete('() {\n    this.count = 0;\n', ctx), false, 'the method is still open');
  assert.equal(answerComplete('() {\n    this.count = 0;\n  }', ctx), false, 'its last line may still grow');
  assert.equal(answerComplete('() {\n    this.count = 0;\n  }\n', ctx), true);
  const ret = contextAt({ lang: 'ts', doc: 'function f() {\n  return ‖\n}\n' });
  assert.equal(answerComplete('a + b;\n', ret), true);
  assert.equal(answerComplete('\n', ret), false, 'the statement may start on the next line');
  const py = contextAt({ lang: 'py', doc: 'class C:\n    def reset‖\n' });
  assert.equal(answerComplete('(self):\n        self.count = 0\n', py), false, 'the body may go on');
  assert.equal(answerComplete('(self):\n        self.count = 0\n\n    def inc(self):\n', py), true);
});
