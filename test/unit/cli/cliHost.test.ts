import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vscodeFileUri } from '../../../src/cli/cliHost';

test('a folder\'s file URI is written as VS Code writes it, so CLI calls get the extension\'s workspace id', () => {
  const cases: [string, NodeJS.Platform, string][] = [
    ['/home/ann/app', 'linux', 'file:///home/ann/app'],
    ['/home/ann/my proj', 'linux', 'file:///home/ann/my%20proj'],
    ["/tmp/a(b)!*'~-_.", 'linux', "file:///tmp/a%28b%29%21%2A%27~-_."],
    ['/home/ann/über#1@x+y', 'darwin', 'file:///home/ann/%C3%BCber%231%40x%2By'],
    ['C:\\Users\\ann\\app', 'win32', 'file:///c%3A/Users/ann/app'],
  ];
  for (const [p, platform, uri] of cases) assert.equal(vscodeFileUri(p, platform), uri, p);
});
