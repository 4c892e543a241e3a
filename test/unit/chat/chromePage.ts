/**
 * The chat webview bundle (src/webview/chat/main.ts) served as VS Code serves it, in a real Chromium, with a fake
 * acquireVsCodeApi recording what the page posts. Shared by the webview tests; skipped when no Chromium is installed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage } from '../../../src/core/chat/messages';
import { webviewPage } from '../../../src/core/chat/page';

/** The few browser globals the page-side callbacks use (the test project has no DOM lib). */
export interface El {
  tagName: string;
  innerText: string;
  getAttributeNames(): string[];
  querySelector(selector: string): El | null;
  attributes: ArrayLike<{ name: string; value: string }>;
  isConnected: boolean;
  closest(selector: string): El | null;
  textContent: string | null;
  append(node: El): void;
}
export interface BW {
  __posted: { type: string; [k: string]: unknown }[];
  __state?: unknown;
  __xss?: number;
  __inline?: number;
  __first?: El | null;
  acquireVsCodeApi?: () => unknown;
  postMessage(m: unknown, origin: string): void;
  requestAnimationFrame(cb: () => void): number;
  document: { querySelector(s: string): El | null; querySelectorAll(s: string): ArrayLike<El>; createElement(tag: string): El; body: El };
}

const CHROMIUM = process.env.GEARSHIFT_CHROMIUM ?? '/usr/bin/chromium';
export const ORIGIN = 'https://webview.test';
const root = path.resolve(__dirname, '../../../..');
export const skip = fs.existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (set GEARSHIFT_CHROMIUM)`;

let browser: Browser | undefined;
let script = '';

before(async () => {
  if (skip) return;
  const out = await build({
    entryPoints: [path.join(root, 'src/webview/chat/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  script = out.outputFiles[0].text;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
});

/** Opens the chat page as VS Code serves it; `bypassCSP` leaves DOMPurify as the only defence. */
export async function open(bypassCSP: boolean): Promise<Page> {
  assert.ok(browser);
  const context = await browser.newContext({ bypassCSP });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = globalThis as unknown as BW;
    w.__posted = [];
    w.acquireVsCodeApi = () => ({
      postMessage: (m: { type: string }) => w.__posted.push(m),
      getState: () => w.__state,
      setState: (s: unknown) => (w.__state = s),
    });
  });
  const html = webviewPage({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/chat.js`, styleUri: `${ORIGIN}/chat.css`, nonce: 'testnonce' });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith('/chat.js')) return route.fulfill({ contentType: 'text/javascript', body: script });
    if (url.endsWith('/chat.css'))
      return route.fulfill({ contentType: 'text/css', body: fs.readFileSync(path.join(root, 'src/webview/chat/style.css')) });
    if (url.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: html });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => ((globalThis as unknown as BW).__posted ?? []).some((m) => m.type === 'ready'));
  return page;
}

export async function send(page: Page, m: HostMessage): Promise<void> {
  await page.evaluate((msg) => (globalThis as unknown as BW).postMessage(msg, '*'), m as unknown as Record<string, unknown>);
}

export async function frames(page: Page, n = 3): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        const w = globalThis as unknown as BW;
        let left = count;
        const step = (): void => (--left <= 0 ? resolve() : void w.requestAnimationFrame(step));
        w.requestAnimationFrame(step);
      }),
    n,
  );
}

export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (globalThis as unknown as BW).__posted);
}
