import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  instructionsFor,
  loadRules,
  MAX_RULES_CHARS,
  rulesChips,
  UNTRUSTED_RULES,
  USER_INSTRUCTIONS_LABEL,
  type RulesReader,
} from '../../../src/core/rules/rulesFiles';
import { DEFAULT_EXCLUDES } from '../../../src/core/privacy/exclude';

const SECRET = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';

/** Files by absolute path; records which were read (not just sized). */
function memory(files: Record<string, string | number>): RulesReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    size: async (p) => {
      const f = files[p];
      return f === undefined ? undefined : typeof f === 'number' ? f : Buffer.byteLength(f);
    },
    read: async (p) => {
      reads.push(p);
      const f = files[p];
      if (typeof f !== 'string') throw new Error('EIO: i/o error');
      return f;
    },
  };
}

const ROOT = path.resolve('/ws/app');
const at = (rel: string, root = ROOT): string => path.join(root, ...rel.split('/'));
const folders = [{ root: ROOT, name: 'app' }];

test('AGENTS.md and .github/copilot-instructions.md are read, in that order, with their tokens; absent files are skipped', async () => {
  const reader = memory({ [at('AGENTS.md')]: '# Rules\nUse tabs.\n', [at('.github/copilot-instructions.md')]: 'Prefer async/await.' });
  const r = await loadRules({ folders, reader, exclude: () => [], trusted: true });
  assert.deepEqual(
    r.files.map((f) => [f.path, f.text, f.refused]),
    [
      ['AGENTS.md', '# Rules\nUse tabs.\n', undefined],
      ['.github/copilot-instructions.md', 'Prefer async/await.', undefined],
    ],
  );
  assert.ok(r.files.every((f) => f.tokens > 0));
  const none = await loadRules({ folders, reader: memory({}), exclude: () => [], trusted: true });
  assert.deepEqual(none, { files: [] });
});

test('refusals: an excluded file is never read; an oversized one is refused with its size; an unreadable one says why', async () => {
  const cases: { name: string; files: Record<string, string | number>; exclude: string[]; why: RegExp; read: boolean }[] = [
    {
      name: 'gearshift.exclude',
      files: { [at('AGENTS.md')]: 'x' },
      exclude: ['AGENTS.md'],
      why: /^AGENTS\.md is excluded .*gearshift\.exclude/,
      read: false,
    },
    {
      name: 'secret pattern',
      files: { [at('.github/copilot-instructions.md')]: 'x' },
      exclude: [...DEFAULT_EXCLUDES, '.github/**'],
      why: /^\.github\/copilot-instructions\.md is excluded/,
      read: false,
    },
    {
      name: 'huge on disk',
      files: { [at('AGENTS.md')]: 10_000_000 },
      exclude: [],
      why: /^AGENTS\.md is too large .*10000 kB; the limit is 32k characters/,
      read: false,
    },
    {
      name: 'over the cap in characters',
      files: { [at('AGENTS.md')]: 'a'.repeat(MAX_RULES_CHARS + 1) },
      exclude: [],
      why: /^AGENTS\.md is too large .*32k characters; the limit is 32k/,
      read: true,
    },
    { name: 'unreadable', files: { [at('AGENTS.md')]: 12 }, exclude: [], why: /^AGENTS\.md could not be read \(EIO/, read: true },
  ];
  for (const c of cases) {
    const reader = memory(c.files);
    const r = await loadRules({ folders, reader, exclude: () => c.exclude, trusted: true });
    assert.equal(r.files.length, 1, c.name);
    assert.match(r.files[0].refused ?? '', c.why, c.name);
    assert.equal(r.files[0].text, undefined, c.name);
    assert.equal(reader.reads.length > 0, c.read, `${c.name}: read`);
  }
  const exactly = await loadRules({
    folders,
    reader: memory({ [at('AGENTS.md')]: 'a'.repeat(MAX_RULES_CHARS) }),
    exclude: () => [],
    trusted: true,
  });
  assert.equal(exactly.files[0].refused, undefined, 'the cap itself is allowed');
});

test('secrets in a rules file are redacted before it is kept or sent', async () => {
  const reader = memory({ [at('AGENTS.md')]: `Deploy with OPENAI_API_KEY=${SECRET} please` });
  const r = await loadRules({ folders, reader, exclude: () => [], trusted: true });
  assert.equal(r.files[0].redactions, 1);
  assert.ok(!r.files[0].text!.includes(SECRET));
  assert.match(r.files[0].text!, /«redacted:/);
});

test('Restricted Mode: nothing is read, and the snapshot says why', async () => {
  const reader = memory({ [at('AGENTS.md')]: 'rules' });
  const r = await loadRules({ folders, reader, exclude: () => [], trusted: false });
  assert.deepEqual(r, { files: [], untrusted: UNTRUSTED_RULES });
  assert.deepEqual(reader.reads, []);
  // The user's own instructions still apply.
  assert.deepEqual(instructionsFor('Answer in French.', r), [{ label: USER_INSTRUCTIONS_LABEL, text: 'Answer in French.' }]);
});

test('multi-root: each folder has its own rules, named by folder, each folder its own exclusions', async () => {
  const api = path.resolve('/ws/api');
  const reader = memory({ [at('AGENTS.md')]: 'app rules', [at('AGENTS.md', api)]: 'api rules' });
  const r = await loadRules({
    folders: [...folders, { root: api, name: 'api' }],
    reader,
    exclude: (f) => (f.name === 'api' ? ['AGENTS.md'] : []),
    trusted: true,
  });
  assert.deepEqual(
    r.files.map((f) => [f.path, f.text ?? 'refused']),
    [
      ['app/AGENTS.md', 'app rules'],
      ['api/AGENTS.md', 'refused'],
    ],
  );
});

test('instructions: the user text first, then each rules file not turned off in the conversation; chips say which', async () => {
  const reader = memory({ [at('AGENTS.md')]: 'Use tabs.', [at('.github/copilot-instructions.md')]: 'Be brief.' });
  const r = await loadRules({ folders, reader, exclude: () => [], trusted: true });
  assert.deepEqual(
    instructionsFor(`  Call me Sam. ${SECRET}  `, r).map((i) => i.label),
    [USER_INSTRUCTIONS_LABEL, 'AGENTS.md', '.github/copilot-instructions.md'],
  );
  assert.ok(!instructionsFor(`key ${SECRET}`, r)[0].text.includes(SECRET), 'user text redacted');
  assert.deepEqual(instructionsFor('', r, ['AGENTS.md']), [{ label: '.github/copilot-instructions.md', text: 'Be brief.' }]);
  assert.deepEqual(
    rulesChips(r, ['AGENTS.md']).map((c) => [c.path, c.on]),
    [
      ['AGENTS.md', false],
      ['.github/copilot-instructions.md', true],
    ],
  );
  const refused = await loadRules({ folders, reader, exclude: () => ['AGENTS.md'], trusted: true });
  assert.deepEqual(
    instructionsFor('', refused).map((i) => i.label),
    ['.github/copilot-instructions.md'],
    'a refused file is never sent',
  );
  assert.equal(rulesChips(refused)[0].on, false);
  assert.match(rulesChips(refused)[0].refused!, /excluded/);
});
