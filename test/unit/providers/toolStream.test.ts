/** The tool-call collector on its own: the ways servers stream calls that the fakes do not all speak. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProviderError } from '../../../src/core/providers';
import { MAX_TOOL_ARGUMENT_BYTES, ToolCallCollector, type ToolCallPiece } from '../../../src/core/providers/toolStream';
import type { ToolCall } from '../../../src/core/toolCalls';

const SOURCE = { vendor: 'OpenAI-compatible server', endpoint: 'local' };

type Step = ['piece', number, ToolCallPiece] | ['done', number] | ['end'];

const cases: { name: string; steps: Step[]; calls: ToolCall[] }[] = [
  {
    name: 'pieces keyed by index are joined; the name is taken once even when repeated',
    steps: [['piece', 0, { id: 'a', name: 'run', arguments: '{"cmd":' }], ['piece', 0, { name: 'run', arguments: '"ls"}' }], ['end']],
    calls: [{ id: 'a', name: 'run', arguments: '{"cmd":"ls"}' }],
  },
  {
    name: 'a whole call in one piece per index (Ollama style), two calls',
    steps: [
      ['piece', 0, { id: 'a', name: 'run', arguments: '{}' }],
      ['piece', 1, { id: 'b', name: 'read_file', arguments: '{"path":"x"}' }],
      ['end'],
    ],
    calls: [
      { id: 'a', name: 'run', arguments: '{}' },
      { id: 'b', name: 'read_file', arguments: '{"path":"x"}' },
    ],
  },
  {
    name: 'a server that reuses index 0 for every call: a new id starts a new call',
    steps: [
      ['piece', 0, { id: 'a', name: 'run', arguments: '{"cmd":"a"}' }],
      ['piece', 0, { id: 'b', name: 'run', arguments: '{"cmd":"b"}' }],
      ['end'],
    ],
    calls: [
      { id: 'a', name: 'run', arguments: '{"cmd":"a"}' },
      { id: 'b', name: 'run', arguments: '{"cmd":"b"}' },
    ],
  },
  {
    name: 'a server that sends no id gets stand-in ids (a result must name its call)',
    steps: [['piece', 0, { name: 'run', arguments: '{}' }], ['piece', 1, { name: 'run' }], ['end']],
    calls: [
      { id: 'call_gearshift_0', name: 'run', arguments: '{}' },
      { id: 'call_gearshift_1', name: 'run', arguments: '' },
    ],
  },
  {
    name: 'block stops announce calls as they finish; a block key reused after its stop is a new call',
    steps: [
      ['piece', 1, { id: 'a', name: 'x', arguments: '{}' }],
      ['done', 1],
      ['piece', 1, { id: 'a2', name: 'y' }],
      ['done', 1],
      ['end'],
    ],
    calls: [
      { id: 'a', name: 'x', arguments: '{}' },
      { id: 'a2', name: 'y', arguments: '' },
    ],
  },
];

describe('ToolCallCollector', () => {
  for (const c of cases) {
    test(c.name, () => {
      const announced: ToolCall[] = [];
      const col = new ToolCallCollector(SOURCE, (call) => announced.push(call));
      for (const s of c.steps) {
        if (s[0] === 'piece') col.piece(s[1], s[2]);
        else if (s[0] === 'done') col.finish(s[1]);
        else col.finishAll();
      }
      assert.deepEqual(col.calls(), c.calls);
      assert.deepEqual(announced, c.calls, 'each call announced once, in order');
    });
  }

  test('arguments are capped in UTF-8 bytes, not characters', () => {
    const col = new ToolCallCollector(SOURCE);
    col.piece(0, { id: 'a', name: 'run', arguments: 'é'.repeat(MAX_TOOL_ARGUMENT_BYTES / 2) });
    assert.throws(
      () => col.piece(0, { arguments: 'é' }),
      (e) => e instanceof ProviderError && /endpoint 'local'.*'run' ran past the 1 MiB cap/.test(e.message),
    );
  });
});
