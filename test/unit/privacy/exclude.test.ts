import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  for (const p of ['src/index.ts', 'README.md', 'src/env.ts', 'lib/keyboard.py', 'docs/credentials-guide.md', 'src/secretsManager.ts', 'environment.yml', 'aws/config.ts']) {
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
