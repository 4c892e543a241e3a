/**
 * The commit message prompt from a real repository's `git diff`: excluded and secret files never in it (nor their
 * names), secrets redacted, lockfiles and binaries summarised, the budget said, the style given.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildCommitPrompt, buildCommitPromptAsync } from '../../../src/core/commit/prompt';
import { tempRepo } from './gitRepo';

const repo = tempRepo();
after(() => repo.remove());

const ENV_VALUE = 'DATABASE_PASSWORD_VALUE_never_sent_42';
const PRIVATE_TEXT = 'customer-acme-private-terms';
const AWS_KEY = 'AKIAZ7QX2LMNPQRS4TUV';

test('a staged diff becomes a prompt without excluded files, with secrets redacted and noise summarised', () => {
  repo.write('src/app.ts', 'export const a = 1;\n');
  repo.git('add', '-A');
  repo.git('commit', '-qm', 'feat(app): start the app');
  repo.write('src/app.ts', `export const a = 2;\nconst aws = "${AWS_KEY}";\n`);
  repo.write('.env', `DB_PASSWORD=${ENV_VALUE}\n`);
  repo.write('config/private/terms.txt', `${PRIVATE_TEXT}\n`);
  repo.write('package-lock.json', '{ "lockfileVersion": 3 }\n');
  repo.write('assets/logo.png', Buffer.from([0, 1, 2, 3, 0]));
  repo.git('add', '-A');
  const diff = repo.git('diff', '--cached');
  assert.ok(diff.includes(ENV_VALUE) && diff.includes(PRIVATE_TEXT), 'the raw diff holds both');
  const p = buildCommitPrompt({
    diff,
    staged: true,
    recentMessages: ['feat(app): start the app', 'fix(app): guard the config', 'feat(ui): add a button'],
    exclude: ['config/private/**'],
    repositoryRoot: repo.root,
  });
  const all = p.system + p.user;
  assert.equal(p.nothing, undefined);
  for (const never of [ENV_VALUE, PRIVATE_TEXT, '.env', 'terms.txt', AWS_KEY]) assert.ok(!all.includes(never), `${never} must not be sent`);
  assert.equal(p.excluded, 2);
  assert.match(p.user, /2 more changed files are private and not shown/);
  assert.match(p.user, /«redacted:aws-access-key»|«redacted:[a-z-]+»/);
  assert.ok(p.redactions >= 1);
  assert.match(p.user, /export const a = 2;/);
  assert.match(p.user, /- package-lock\.json: updated|- package-lock\.json: added/);
  assert.match(p.user, /- assets\/logo\.png: binary file added/);
  assert.deepEqual(p.sent, ['src/app.ts']);
  assert.equal(p.firstPath, `${repo.root}/src/app.ts`);
  assert.match(p.user, /^Write a commit message for these staged changes\./);
  assert.match(p.system, /Conventional Commits/);
  assert.match(p.system, /- fix\(app\): guard the config/);
});

test('only excluded changes: nothing to send, and it says why; no changes at all: says that', () => {
  const only = buildCommitPrompt({
    diff: 'diff --git a/.env b/.env\n--- a/.env\n+++ b/.env\n@@ -1 +1 @@\n-A=1\n+A=2\n',
    staged: false,
    recentMessages: [],
    exclude: [],
  });
  assert.equal(only.nothing, 'all-excluded');
  assert.equal(only.user, '');
  assert.equal(buildCommitPrompt({ diff: '', staged: false, recentMessages: [], exclude: [] }).nothing, 'no-changes');
});

test('a renamed file is excluded by its old name too', () => {
  const diff =
    'diff --git a/.env.local b/notes.txt\nsimilarity index 90%\nrename from .env.local\nrename to notes.txt\n@@ -1 +1 @@\n-K=1\n+K=2\n';
  assert.equal(buildCommitPrompt({ diff, staged: true, recentMessages: [], exclude: [] }).nothing, 'all-excluded');
});

test('over the budget: the prompt names what was left out', () => {
  const lines = Array.from({ length: 400 }, (_, i) => `+line ${i} of the new module with some text\n`).join('');
  const diff = `diff --git a/big.ts b/big.ts\nnew file mode 100644\n--- /dev/null\n+++ b/big.ts\n@@ -0,0 +1,400 @@\n${lines}`;
  const p = buildCommitPrompt({ diff, staged: true, recentMessages: [], exclude: [], budgetTokens: 500 });
  assert.match(p.user, /Left out of the diff to keep it short[^\n]*\n- big\.ts \(its first hunk cut\)/);
  assert.match(p.user, /more lines of this hunk left out/);
  assert.ok(p.user.length < 500 * 3.5 + 600);
});

test('the working tree when nothing is staged says so', () => {
  const diff = 'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-a\n+b\n';
  assert.match(buildCommitPrompt({ diff, staged: false, recentMessages: [], exclude: [] }).user, /changes \(nothing is staged\)/);
});

test('the sliced (async) build gives the same prompt as the plain one, on a diff of 300 files', async () => {
  const file = (i: number) =>
    `diff --git a/src/f${i}.ts b/src/f${i}.ts\n--- a/src/f${i}.ts\n+++ b/src/f${i}.ts\n@@ -1 +1 @@\n-a${i}\n+b${i}\n`;
  const diff = Array.from({ length: 300 }, (_, i) => (i % 50 === 7 ? file(i).replaceAll(`src/f${i}.ts`, '.env') : file(i))).join('');
  const input = { diff, staged: true, recentMessages: ['Add x'], exclude: [] };
  const plain = buildCommitPrompt(input);
  assert.deepEqual(await buildCommitPromptAsync(input), plain);
  assert.equal(plain.excluded, 6);
  assert.ok(plain.omitted.length > 20, 'a tight budget for 300 files');
  assert.match(plain.user, /- and \d+ more files$/m, 'the list of what was left out is capped');
});
