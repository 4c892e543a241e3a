import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isExcluded } from '../../../src/core/privacy/exclude';

test('built-in patterns exclude secret-looking files wherever they live', () => {
  for (const p of [
    '.env',
    '.env.local',
    'api/.env.production',
    'certs/server.pem',
    'tls/private.key',
    '/home/me/.ssh/id_rsa',
    'keys/id_ed25519.pub',
    '.npmrc',
    'pkg/.netrc',
    'credentials',
    'config/credentials.json',
    'store.p12',
    'C:\\Users\\me\\cert.pfx',
    '/home/me/.aws/credentials',
    'deploy/secrets.yaml',
    'prod.tfvars',
  ]) {
    assert.equal(isExcluded(p), true, p);
  }
});

test('ordinary source files are not excluded', () => {
  for (const p of [
    'src/index.ts',
    'README.md',
    'src/env.ts',
    'lib/keyboard.py',
    'docs/credentials-guide.md',
    'src/secretsManager.ts',
    'environment.yml',
    'aws/config.ts',
  ]) {
    assert.equal(isExcluded(p), false, p);
  }
});

test('user globs match basenames, folder names and workspace-relative paths', () => {
  const globs = ['*.sql', 'private', 'config/prod/**', 'data/*.csv'];
  assert.equal(isExcluded('db/dump.sql', globs), true);
  assert.equal(isExcluded('src/private/notes.ts', globs), true, 'a bare name excludes a folder of that name');
  assert.equal(isExcluded('config/prod/app.json', globs), true);
  assert.equal(isExcluded('data/users.csv', globs), true);
  assert.equal(isExcluded('src/app.ts', globs), false);
  assert.equal(isExcluded('config/dev/app.json', globs), false);
});

test('absolute paths are matched relative to the workspace root', () => {
  assert.equal(isExcluded('/work/proj/config/prod/app.json', ['config/prod/**'], '/work/proj'), true);
  assert.equal(isExcluded('/work/proj/src/a.ts', ['config/prod/**'], '/work/proj'), false);
  assert.equal(isExcluded('c:\\w\\p\\config\\prod\\x.json', ['config/prod/**'], 'C:\\w\\p'), true);
});

test('dot files are matched by globs ({dot: true})', () => {
  assert.equal(isExcluded('.config/tool/settings.json', ['.config/**']), true);
  assert.equal(isExcluded('src/.hidden.ts', ['*.ts']), true);
});

test('a symlink is matched by where it really is: a link in the repo to ~/.netrc or into ~/.ssh is excluded', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-exclude-'));
  try {
    const home = path.join(base, 'home');
    const ws = path.join(base, 'ws');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    fs.mkdirSync(path.join(home, 'private-stuff'), { recursive: true });
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.writeFileSync(path.join(home, '.netrc'), 'machine x login me password p');
    fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Host x');
    fs.writeFileSync(path.join(home, 'private-stuff', 'data.txt'), 'data');
    fs.writeFileSync(path.join(ws, 'src', 'app.ts'), 'export {}');
    fs.symlinkSync(path.join(home, '.netrc'), path.join(ws, 'notes.txt'));
    fs.symlinkSync(path.join(home, '.ssh'), path.join(ws, 'cfg'));
    fs.symlinkSync(path.join(home, 'private-stuff', 'data.txt'), path.join(ws, 'src', 'data.txt'));
    fs.symlinkSync(path.join(ws, 'src', 'app.ts'), path.join(ws, 'alias.ts'));

    assert.equal(isExcluded('notes.txt', [], ws), true, 'relative path + workspace root');
    assert.equal(isExcluded(path.join(ws, 'notes.txt'), [], ws), true, 'absolute path');
    assert.equal(isExcluded(path.join(ws, 'notes.txt')), true, 'absolute path, no root');
    assert.equal(isExcluded('cfg/config', [], ws), true, 'a file under a linked folder');
    assert.equal(isExcluded('src/data.txt', ['**/private-stuff/**'], ws), true, 'a user glob matches the real path outside the workspace');
    assert.equal(isExcluded('src/data.txt', [], ws), false);
    assert.equal(isExcluded('alias.ts', [], ws), false, 'a link to an ordinary file stays ordinary');
    assert.equal(isExcluded('src/app.ts', [], ws), false);
    assert.equal(isExcluded('missing/file.ts', [], ws), false, 'not on disk: the path alone decides');
    assert.equal(isExcluded('bad\u0000name.ts', [], ws), false, 'never throws');
    assert.equal(isExcluded('untitled:Untitled-1', [], ws), false);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
