/** A model's tool arguments against the tool's schema: what passes, and the message for what does not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArguments } from '../../../src/core/agent/arguments';
import type { ToolDefinition } from '../../../src/core/toolCalls';

const read: ToolDefinition = {
  name: 'read_file',
  description: 'Read a file or a range of it',
  inputSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1 },
      startLine: { type: 'integer', minimum: 1 },
      mode: { enum: ['text', 'outline'] },
    },
    required: ['path'],
    additionalProperties: false,
  },
};

/** [arguments as the model sent them, the input the tool gets, or the message the model gets back]. */
const CASES: [string, Record<string, unknown> | string][] = [
  ['{"path":"src/a.ts"}', { path: 'src/a.ts' }],
  ['  {"path":"a","startLine":3,"mode":"outline"} ', { path: 'a', startLine: 3, mode: 'outline' }],
  ['{"path": "a"', /^The arguments for read_file are not valid JSON \(.+\)\. Send one JSON object\.$/.source],
  ['', "The arguments for read_file do not match its schema: (arguments) must have required property 'path'."],
  ['null', 'The arguments for read_file must be a JSON object, but are null.'],
  ['"src/a.ts"', 'The arguments for read_file must be a JSON object, but are string.'],
  ['[1]', 'The arguments for read_file must be a JSON object, but are a list.'],
  ['{"path":5}', 'The arguments for read_file do not match its schema: path must be string.'],
  ['{"path":""}', 'The arguments for read_file do not match its schema: path must NOT have fewer than 1 characters.'],
  ['{"path":"a","startLine":2.5}', 'The arguments for read_file do not match its schema: startLine must be integer.'],
  ['{"path":"a","mode":"raw"}', 'The arguments for read_file do not match its schema: mode must be one of ["text","outline"].'],
  ['{"path":"a","lines":3}', "The arguments for read_file do not match its schema: (arguments) has unknown property 'lines'."],
  [
    '{"path":1,"startLine":"x","mode":1,"a":1,"b":2,"c":3}',
    /^The arguments for read_file do not match its schema: .+; and \d+ more\.$/.source,
  ],
];

for (const [args, expected] of CASES) {
  test(`arguments ${JSON.stringify(args)}`, () => {
    const r = checkArguments(read, args);
    if (typeof expected === 'object') assert.deepEqual(r, { ok: true, input: expected });
    else {
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, expected.startsWith('^') ? new RegExp(expected) : new RegExp(`^${escape(expected)}$`));
    }
  });
}

test("a schema Ajv cannot compile (another extension's tool) still gets its arguments checked for an object", () => {
  const odd: ToolDefinition = { name: 'odd', description: '', inputSchema: { type: 'object', $ref: '#/nowhere' } };
  assert.deepEqual(checkArguments(odd, '{"x":1}'), { ok: true, input: { x: 1 } });
  assert.equal(checkArguments(odd, '3').ok, false);
});

test('unknown keywords and formats of other tools are ignored, not fatal', () => {
  const mcp: ToolDefinition = {
    name: 'mcp_tool',
    description: '',
    inputSchema: { type: 'object', properties: { when: { type: 'string', format: 'date-time', 'x-ui': 'picker' } } },
  };
  assert.deepEqual(checkArguments(mcp, '{"when":"soon"}'), { ok: true, input: { when: 'soon' } });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
