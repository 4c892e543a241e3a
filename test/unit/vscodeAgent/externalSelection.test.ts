import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  externalCandidates,
  objectSchema,
  readOnlyByTags,
  resultText,
  selectExternalTools,
  type LmToolInfo,
} from '../../../src/vscode/agent/externalSelection';

const CORE = new Set(['read_file', 'run_command']);
const tool = (name: string, tags: string[] = []): LmToolInfo => ({
  name,
  description: `${name} does things`,
  inputSchema: undefined,
  tags,
});
const AVAILABLE = [
  tool('mcp_github_create_issue'),
  tool('gearshift_read_file', ['gearshift']),
  tool('read_file'),
  tool('other_ext_lookup', ['read-only']),
  tool(`long_${'x'.repeat(70)}`),
];

test("Gearshift's own tools are never candidates (they are offered as themselves)", () => {
  assert.deepEqual(
    externalCandidates(AVAILABLE, CORE).map((t) => t.name),
    ['long_' + 'x'.repeat(70), 'mcp_github_create_issue', 'other_ext_lookup'],
  );
});

const SELECT: [string, string[], boolean, string[], number][] = [
  ['nothing opted in', [], true, [], 0],
  ['opted-in tools are offered', ['mcp_github_create_issue', 'other_ext_lookup'], true, ['mcp_github_create_issue', 'other_ext_lookup'], 0],
  ['nothing in Restricted Mode', ['mcp_github_create_issue'], false, [], 0],
  ["Gearshift's own are not wrapped twice", ['gearshift_read_file', 'read_file'], true, [], 2],
  ['a tool not running now is skipped', ['gone_tool'], true, [], 1],
  ['a name models cannot call is skipped', [`long_${'x'.repeat(70)}`], true, [], 1],
  ['a name given twice is offered once', ['other_ext_lookup', 'other_ext_lookup'], true, ['other_ext_lookup'], 0],
];
for (const [name, optedIn, trusted, offered, skipped] of SELECT) {
  test(`selectExternalTools: ${name}`, () => {
    const r = selectExternalTools(AVAILABLE, optedIn, CORE, trusted);
    assert.deepEqual(
      r.tools.map((t) => t.name),
      offered,
    );
    assert.equal(r.skipped.length, skipped, r.skipped.join('; '));
  });
}

test('a tool is read-only only when its tags say so', () => {
  assert.equal(readOnlyByTags(['read-only']), true);
  assert.equal(readOnlyByTags(['ReadOnly']), true);
  assert.equal(readOnlyByTags(['search']), false);
  assert.equal(readOnlyByTags([]), false);
});

test('objectSchema keeps an object schema and replaces anything else', () => {
  const s = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
  assert.equal(objectSchema(s), s);
  assert.deepEqual(objectSchema(undefined), { type: 'object', properties: {} });
  assert.deepEqual(objectSchema({ type: 'string' }), { type: 'object', properties: {} });
});

test('resultText joins text parts, decodes text data parts and names what it left out', () => {
  const parts = [
    { value: 'first' },
    { mimeType: 'application/json', data: new TextEncoder().encode('{"a":1}') },
    { mimeType: 'image/png', data: new Uint8Array([1, 2]) },
    { value: { element: 'tsx' } },
  ];
  assert.equal(resultText(parts), 'first\n{"a":1}\n[2 part(s) of the result that are not text were left out.]');
});
