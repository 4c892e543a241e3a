import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatherDiff, gatherProblems, gatherTerminal, splitDiff } from '../../../../src/core/chat/mentions/sources';

const KEY = 'sk-ant-api03-' + 'a'.repeat(90);

function diffOf(path: string, line: string): string {
  return `diff --git a/${path} b/${path}\nindex 1..2 100644\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-old\n+${line}\n`;
}

test('@problems: one line per problem, errors first, excluded files left out', () => {
  const g = gatherProblems(
    [
      {
        path: '/w/src/a.ts',
        workspaceRoot: '/w',
        displayPath: 'src/a.ts',
        problems: [
          { line: 3, column: 7, severity: 'warning', message: 'unused x', source: 'ts', code: '6133' },
          { line: 1, column: 1, severity: 'error', message: "Type 'string'\n  is not 'number'", source: 'ts', code: '2322' },
        ],
      },
      { path: '/w/.env', workspaceRoot: '/w', displayPath: '.env', problems: [{ line: 1, column: 1, severity: 'error', message: 'bad' }] },
      {
        path: '/w/private/k.ts',
        workspaceRoot: '/w',
        displayPath: 'private/k.ts',
        problems: [{ line: 2, column: 1, severity: 'info', message: 'x' }],
      },
    ],
    ['private/**'],
    'workspace',
  );
  assert.ok(g.ok);
  if (!g.ok) return;
  assert.equal(g.source.label, '@problems:workspace (2)');
  assert.equal(g.source.kind, 'problems');
  assert.equal(g.source.text, "src/a.ts:1:1 error ts(2322): Type 'string' is not 'number'\nsrc/a.ts:3:7 warning ts(6133): unused x\n");
  assert.deepEqual(g.left, ['.env', 'private/k.ts']);
  const none = gatherProblems([{ path: '/w/a.ts', workspaceRoot: '/w', displayPath: 'a.ts', problems: [] }], [], 'file');
  assert.deepEqual(none, { ok: false, message: 'The active file has no problems: nothing to attach for @problems.' });
});

test("@diff: staged and unstaged, an excluded file's part dropped (renames and both sides checked)", () => {
  const staged = diffOf('src/a.ts', 'const a = 2;') + diffOf('.env', `KEY=${KEY}`);
  const unstaged = diffOf('config/private/keys.ts', 'x') + diffOf('src/b.ts', 'const b = 3;');
  assert.equal(splitDiff(staged).length, 2);
  const g = gatherDiff({ root: '/repo', workspaceRoot: '/repo', staged, unstaged }, ['config/private/**']);
  assert.ok(g.ok);
  if (!g.ok) return;
  assert.equal(g.source.label, '@diff (staged + unstaged)');
  assert.match(g.source.text, /^# Staged changes\ndiff --git a\/src\/a\.ts/);
  assert.match(g.source.text, /# Unstaged changes\ndiff --git a\/src\/b\.ts/);
  assert.ok(!g.source.text.includes('.env') && !g.source.text.includes(KEY), 'the .env hunk never appears');
  assert.ok(!g.source.text.includes('private'), 'gearshift.exclude applies');
  assert.deepEqual(g.left.sort(), ['.env', 'config/private/keys.ts']);
  const renamed = 'diff --git a/notes.txt b/.env.local\nsimilarity index 90%\nrename from notes.txt\nrename to .env.local\n';
  const r = gatherDiff({ root: '/repo', staged: renamed, unstaged: '' }, []);
  assert.equal(r.ok, false, 'a rename into an excluded name is dropped');
  assert.match(r.ok ? '' : r.message, /only changes are to excluded files \(\.env\.local\)/);
  const only = gatherDiff({ root: '/repo', staged: '', unstaged: diffOf('a.ts', '1') }, []);
  assert.equal(only.ok && only.source.label, '@diff (unstaged)');
  assert.deepEqual(gatherDiff({ root: '/repo', staged: '', unstaged: '' }, []), {
    ok: false,
    message: 'There are no staged or unstaged changes: nothing to attach for @diff.',
  });
});

test('@terminal: the selection, else the last command with its output and exit code; a command naming an excluded file is refused', () => {
  const sel = gatherTerminal({ name: 'bash', selection: 'TypeError: x', command: { commandLine: 'ls', output: 'a' } }, []);
  assert.ok(sel.ok);
  assert.equal(sel.ok && sel.source.text, 'TypeError: x');
  assert.equal(sel.ok && sel.source.label, '@terminal (bash, selection)');
  const cmd = gatherTerminal({ name: 'bash', command: { commandLine: 'npm test', output: 'FAIL 1\n', exitCode: 1 } }, []);
  assert.equal(cmd.ok && cmd.source.text, '$ npm test\nFAIL 1\n\n(exit code 1)');
  assert.equal(cmd.ok && cmd.source.label, '@terminal: npm test');
  const env = gatherTerminal({ name: 'bash', command: { commandLine: 'cat .env', output: `KEY=${KEY}`, cwd: '/w' } }, [], '/w');
  assert.equal(env.ok, false);
  assert.match(env.ok ? '' : env.message, /names \.env, which is excluded/);
  const secretCmd = gatherTerminal({ name: 'bash', command: { commandLine: `export K=${KEY}`, output: '' } }, []);
  assert.ok(secretCmd.ok && !secretCmd.source.label?.includes(KEY), 'a secret on the command line never reaches the chip');
  assert.match(gatherTerminal(undefined, []).ok ? '' : 'no terminal', /no terminal/);
  const nothing = gatherTerminal({ name: 'zsh' }, []);
  assert.match(nothing.ok ? '' : nothing.message, /"zsh" has no command recorded/);
});
