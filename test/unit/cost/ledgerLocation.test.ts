import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXTENSION_ID, sharedLedgerDir, type HostPaths } from '../../../src/core/cost/ledgerLocation';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const TAIL_POSIX = `User/globalStorage/${EXTENSION_ID}/ledger`;
const TAIL_WIN = `User\\globalStorage\\${EXTENSION_ID}\\ledger`;

test('the extension id is publisher.name from package.json (VS Code names the global storage folder after it)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string };
  assert.equal(EXTENSION_ID, `${pkg.publisher}.${pkg.name}`.toLowerCase());
});

test('the shared ledger folder per OS, as VS Code places its global storage; GEARSHIFT_LEDGER_DIR moves it', () => {
  const linux = (env: Record<string, string>, cwd?: string): HostPaths => ({ platform: 'linux', env, home: '/home/ann', cwd });
  const cases: [string, HostPaths, string, 'env' | 'extension'][] = [
    ['Linux', linux({}), `/home/ann/.config/Code/${TAIL_POSIX}`, 'extension'],
    ['Linux, XDG_CONFIG_HOME', linux({ XDG_CONFIG_HOME: '/cfg' }), `/cfg/Code/${TAIL_POSIX}`, 'extension'],
    ['Linux, empty XDG_CONFIG_HOME', linux({ XDG_CONFIG_HOME: '' }), `/home/ann/.config/Code/${TAIL_POSIX}`, 'extension'],
    ['FreeBSD (as Linux)', { platform: 'freebsd', env: {}, home: '/home/ann' }, `/home/ann/.config/Code/${TAIL_POSIX}`, 'extension'],
    [
      'macOS', { platform: 'darwin', env: {}, home: '/Users/ann' },
      `/Users/ann/Library/Application Support/Code/${TAIL_POSIX}`,
      'extension',
    ],
    [
      'Windows, APPDATA',
      { platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, home: 'C:\\Users\\ann' },
      `C:\\Users\\ann\\AppData\\Roaming\\Code\\${TAIL_WIN}`,
      'extension',
    ],
    [
      'Windows, no APPDATA',
      { platform: 'win32', env: { USERPROFILE: 'D:\\Profiles\\ann' }, home: 'C:\\Users\\ann' },
      `D:\\Profiles\\ann\\AppData\\Roaming\\Code\\${TAIL_WIN}`,
      'extension',
    ],
    ['VSCODE_APPDATA', linux({ VSCODE_APPDATA: '/data', XDG_CONFIG_HOME: '/cfg' }), `/data/Code/${TAIL_POSIX}`, 'extension'],
    [
      'portable VS Code',
      { platform: 'darwin', env: { VSCODE_PORTABLE: '/Volumes/usb/code-data' }, home: '/Users/ann' },
      `/Volumes/usb/code-data/user-data/${TAIL_POSIX}`,
      'extension',
    ],
    ['GEARSHIFT_LEDGER_DIR', linux({ GEARSHIFT_LEDGER_DIR: '/srv/ledger', XDG_CONFIG_HOME: '/cfg' }), '/srv/ledger', 'env'],
    ['GEARSHIFT_LEDGER_DIR, relative', linux({ GEARSHIFT_LEDGER_DIR: 'spend' }, '/work/app'), '/work/app/spend', 'env'],
    [
      'GEARSHIFT_LEDGER_DIR on Windows',
      { platform: 'win32', env: { GEARSHIFT_LEDGER_DIR: 'E:\\ledger', APPDATA: 'C:\\x' }, home: 'C:\\Users\\ann' },
      'E:\\ledger',
      'env',
    ],
    ['GEARSHIFT_LEDGER_DIR blank', linux({ GEARSHIFT_LEDGER_DIR: '  ' }), `/home/ann/.config/Code/${TAIL_POSIX}`, 'extension'],
  ];
  for (const [name, host, dir, from] of cases) assert.deepEqual(sharedLedgerDir(host), { dir, from }, name);
});
