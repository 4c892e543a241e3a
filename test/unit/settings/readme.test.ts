/**
 * Every ```jsonc / ```json block of README.md is a settings example a user will paste: it must parse (JSONC, the
 * CLI's loader) and resolve through the real validation with zero problems, in the scope it is meant for. A block
 * names its scope on its first line (`// User settings.json`, `// .vscode/settings.json (workspace)`) or, for strict
 * JSON, in an HTML comment on the line before the fence (`<!-- settings: user -->`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Router } from '../../../src/core/router/router';
import { parseSettingsText } from '../../../src/core/settings/load';
import { resolveSettings } from '../../../src/core/settings/resolve';

const README = path.join(__dirname, '../../../../README.md');

interface Block {
  line: number;
  lang: string;
  text: string;
  scope: 'user' | 'workspace' | undefined;
}

/** The fenced blocks of a markdown text whose info string is json or jsonc. */
export function settingsBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(jsonc?)\s*$/i.exec(lines[i]);
    if (!open) {
      // Skip any other fenced block whole, so a ```json inside it is not taken for one.
      const other = /^\s*(`{3,}|~{3,})/.exec(lines[i]);
      if (other) for (i++; i < lines.length && !closes(lines[i], other[1]); i++);
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !closes(lines[i], open[2]); i++) body.push(lines[i]);
    out.push({ line: start + 1, lang: open[3].toLowerCase(), text: body.join('\n'), scope: scopeOf(body[0] ?? '', lines.slice(0, start)) });
  }
  return out;
}

/** A closing fence: the opening fence's character, at least as many, and nothing else on the line. */
function closes(line: string, fence: string): boolean {
  const m = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
  return !!m && m[1][0] === fence[0] && m[1].length >= fence.length;
}

function scopeOf(first: string, before: string[]): Block['scope'] {
  const comment = /^\s*\/\/(.*)$/.exec(first)?.[1];
  const marker = /<!--\s*settings:\s*(user|workspace)\s*-->/i.exec(before.filter((l) => l.trim() !== '').at(-1) ?? '')?.[1];
  const text = (comment ?? marker ?? '').toLowerCase();
  if (/\buser\b/.test(text)) return 'user';
  if (/workspace|\.vscode\/settings\.json/.test(text)) return 'workspace';
  return undefined;
}

const markdown = fs.readFileSync(README, 'utf8');
const blocks = settingsBlocks(markdown);

test('README: the settings examples are found (a broken extractor would test nothing)', () => {
  assert.ok(blocks.length >= 2, `found ${blocks.length} json/jsonc blocks in README.md`);
  assert.ok(blocks.some((b) => b.scope === 'user') && blocks.some((b) => b.scope === 'workspace'));
});

for (const block of blocks) {
  test(`README: the ${block.lang} block at line ${block.line} resolves with zero problems in ${block.scope ?? '?'} settings`, () => {
    assert.ok(block.scope, `README.md:${block.line}: say which settings the block is for on its first line ("// User settings.json" or ` +
      '"// .vscode/settings.json (workspace)"), or for ```json in "<!-- settings: user -->" on the line before');
    const loaded = parseSettingsText(block.text, `README.md:${block.line}`);
    assert.deepEqual(loaded.problems, []);
    assert.ok(Object.keys(loaded.values).length > 0, `README.md:${block.line}: the block sets nothing`);
    const r = resolveSettings({ [block.scope]: loaded.values }, { trustedWorkspace: true });
    assert.deepEqual(r.problems.map((p) => p.message), []);
  });
}

test('README: the workspace example routes Rust chat to the frontier tier and leaves Rust completion on the cheap tier', () => {
  const ws = blocks.find((b) => b.scope === 'workspace' && b.text.includes('gearshift.rules'));
  assert.ok(ws, 'the README has a workspace example with rules');
  const settings = resolveSettings({ workspace: parseSettingsText(ws.text, 'README').values }).settings;
  const router = new Router(settings);
  const chat = router.decide({ task: 'chat', language: 'rust', filePath: 'src/main.rs', messages: [{ role: 'user', content: 'hi' }] });
  const completion = router.decide({ task: 'completion', language: 'rust', filePath: 'src/main.rs' });
  assert.equal(chat.tier, 'frontier');
  assert.equal(completion.tier, 'cheap', `Rust completion: ${completion.reason}`);
});

test('README extractor: finds json/jsonc fences with their scope and skips other fences', () => {
  const md = [
    '```sh', '```json', 'not a block: inside sh', '```',
    '<!-- settings: user -->', '```json', '{ "gearshift.exclude": [] }', '```',
    '```jsonc', '// .vscode/settings.json (workspace)', '{}', '```',
    '```jsonc', '{}', '```',
  ].join('\n');
  assert.deepEqual(
    settingsBlocks(md).map((b) => [b.line, b.lang, b.scope]),
    [[6, 'json', 'user'], [9, 'jsonc', 'workspace'], [13, 'jsonc', undefined]],
  );
});
