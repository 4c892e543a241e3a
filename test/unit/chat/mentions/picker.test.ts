import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MentionFile, MentionHost, MentionSymbol } from '../../../../src/core/chat/mentions/picker';
import { MentionPicker } from '../../../../src/core/chat/mentions/picker';
import { countTokens } from '../../../../src/core/tokens';

const KEY = 'sk-ant-api03-' + 'b'.repeat(90);

function file(rel: string): MentionFile {
  return { key: `file:///w/${rel}`, path: `/w/${rel}`, workspaceRoot: '/w', displayPath: rel };
}

const TEXT: Record<string, string> = {
  'src/app.ts': `export const key = "${KEY}";\nexport function main() {}\n`,
  'src/session.ts': 'class Session {\n  open() {}\n}\n',
  '.env': `KEY=${KEY}`,
  'config/private/keys.ts': 'secret',
};

function host(over: Partial<MentionHost> = {}): MentionHost & { reads: string[] } {
  const reads: string[] = [];
  const symbol: MentionSymbol = { ...file('src/session.ts'), name: 'Session', kindName: 'class', startLine: 1, endLine: 3 };
  return {
    reads,
    files: async () => Object.keys(TEXT).map(file),
    symbols: async (q) =>
      q.toLowerCase().startsWith('se') ? [symbol, { ...file('.env'), name: 'SECRET', kindName: 'variable', startLine: 1, endLine: 1 }] : [],
    read: async (f, lines) => {
      reads.push(f.displayPath);
      const t = TEXT[f.displayPath];
      return lines
        ? {
            text: t
              .split('\n')
              .slice(lines.start - 1, lines.end)
              .join('\n'),
            language: 'typescript',
          }
        : { text: t, language: 'typescript' };
    },
    problems: async () => [{ ...file('src/app.ts'), problems: [{ line: 1, column: 1, severity: 'error', message: 'boom' }] }],
    terminal: async () => ({ name: 'bash', command: { commandLine: 'npm test', output: `token ${KEY}\n`, exitCode: 1 } }),
    diff: async () => ({ message: 'No Git repository is open in this workspace: @diff needs one.' }),
    editors: async () => [
      { ...file('src/app.ts'), text: TEXT['src/app.ts'] },
      { ...file('.env'), text: TEXT['.env'] },
    ],
    excludeGlobs: () => ['config/private/**'],
    workspaceRoot: () => '/w',
    ...over,
  };
}

let n = 0;
const newId = () => `id${++n}`;

test('a query lists the special mentions, then files (excluded ones never), then symbols', async () => {
  const p = new MentionPicker(host(), newId);
  const items = await p.query('se');
  const files = items.filter((i) => i.group === 'files').map((i) => `${i.detail ?? ''}/${i.label}`);
  assert.deepEqual(
    files,
    ['src/session.ts'].map((x) => x.replace(/^(.*)\/([^/]+)$/, '$1/$2')),
  );
  assert.deepEqual(
    items.filter((i) => i.group === 'symbols').map((i) => [i.label, i.detail]),
    [['Session', 'class · src/session.ts:1']],
    'a symbol in an excluded file is not offered',
  );
  assert.equal(items[0].group, 'special');
  assert.ok(
    items.every((i) => /^m\d+$/.test(i.id)),
    'opaque ids',
  );
  const all = await p.query('');
  assert.ok(!all.some((i) => i.label === '.env' || i.label === 'keys.ts'), 'excluded files are not listed');
});

test('picking a file attaches its redacted text with its tokens; a symbol its lines; an unknown id is refused', async () => {
  const h = host();
  const p = new MentionPicker(h, newId);
  const items = await p.query('app');
  const app = items.find((i) => i.label === 'app.ts');
  assert.ok(app);
  const picked = await p.pick(app.id);
  assert.ok(picked.ok);
  if (!picked.ok) return;
  const [a] = picked.attachments;
  assert.equal(a.kind, 'file');
  assert.equal(a.label, 'src/app.ts');
  assert.ok(!a.text.includes(KEY));
  assert.equal(a.redactions, 1);
  assert.equal(a.tokens, countTokens(a.text));
  const sym = (await p.query('Sess')).find((i) => i.group === 'symbols');
  const s = await p.pick(sym!.id);
  assert.ok(s.ok && s.attachments[0].kind === 'symbol');
  assert.equal(s.ok && s.attachments[0].label, 'Session (src/session.ts:1-3)');
  assert.equal(s.ok && s.attachments[0].text, 'class Session {\n  open() {}\n}');
  assert.deepEqual(await p.pick('m999999'), { ok: false, message: 'That suggestion is out of date: type @ again.' });
});

test('every special mention resolves, with exclusions, redaction and a clear message when unavailable', async () => {
  const h = host();
  const p = new MentionPicker(h, newId);
  const pickNamed = async (name: string) => {
    const item = (await p.query(name.slice(1))).find((i) => i.label === name);
    assert.ok(item, name);
    return p.pick(item.id);
  };
  const problems = await pickNamed('@problems');
  assert.equal(problems.ok && problems.attachments[0].label, '@problems (1)');
  assert.equal(problems.ok && problems.attachments[0].text, 'src/app.ts:1:1 error: boom\n');
  const terminal = await pickNamed('@terminal');
  assert.ok(terminal.ok && !terminal.attachments[0].text.includes(KEY), 'terminal output is redacted');
  assert.equal(terminal.ok && terminal.attachments[0].redactions, 1);
  assert.deepEqual(await pickNamed('@diff'), { ok: false, message: 'No Git repository is open in this workspace: @diff needs one.' });
  const editors = await pickNamed('@editors');
  assert.ok(editors.ok);
  assert.deepEqual(editors.ok && editors.attachments.map((a) => [a.label, a.kind]), [['src/app.ts', 'editors']]);
  assert.match(editors.ok ? editors.notes.join() : '', /\.env is excluded/);
  const codebase = await pickNamed('@codebase');
  assert.ok(codebase.ok && codebase.attachments[0].kind === 'codebase' && codebase.attachments[0].text === '');
  assert.ok(!h.reads.includes('.env'), 'an excluded file is never read');
});

test('a file excluded after it was listed is refused when picked, before it is read', async () => {
  let globs = ['nothing/**'];
  const h = host({ excludeGlobs: () => globs });
  const p = new MentionPicker(h, newId);
  const item = (await p.query('keys')).find((i) => i.label === 'keys.ts');
  assert.ok(item);
  globs = ['config/private/**'];
  const r = await p.pick(item.id);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.message, /config\/private\/keys\.ts is excluded from Gearshift/);
  assert.deepEqual(h.reads, []);
});
