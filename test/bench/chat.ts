/**
 * Chat render benchmark, in a real browser: the shipped chat webview bundle (dist/webview/chat.js and
 * chat.css, built by `node esbuild.js`) loaded into headless Chromium as VS Code serves it (the real page
 * and CSP, a stub `acquireVsCodeApi`), then a ~20,000-token reply streamed through the webview's own host
 * messages: `init` with a streaming reply turn, `route`, one `delta` per ~4 tokens (real o200k token
 * boundaries), and `replyEnd` with the finished reply.
 *
 * What one chunk costs, measured inside the page with performance.now(): the synchronous dispatch of its
 * `delta` message, plus the work of the animation frame that follows — every requestAnimationFrame
 * callback of that frame (the reply's re-render of its open block, scroll-to-bottom) and a forced style
 * recalculation and layout at its end. Paint and compositing are not included. Each chunk gets its own
 * frame (the worst case: a real stream often lands several deltas in one frame).
 *
 * Incremental rendering means the cost of a chunk must not grow with the length of the reply: the late
 * chunks (last 10%) should cost about what the early ones (first 10%) do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Conversation, ReplyTurn } from '../../src/core/chat/conversation';
import type { HostMessage } from '../../src/core/chat/messages';
import { webviewPage } from '../../src/core/chat/page';
import { longReply } from './chatReply';
import { median, percentile } from './stats';
import type { BenchRow } from './types';

const AREA = 'chat';
const CHROMIUM = process.env.GEARSHIFT_CHROMIUM ?? '/usr/bin/chromium';
const ORIGIN = 'https://webview.test';
const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist/webview');
const REPLY_CHARS = 80_000;
const TOKENS_PER_CHUNK = 4;

/** The few browser globals the page-side code uses (the test project has no DOM lib). */
interface PageWindow {
  __posted: { type: string }[];
  acquireVsCodeApi?: () => unknown;
  requestAnimationFrame(cb: () => void): number;
  dispatchEvent(e: unknown): boolean;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  document: { body: { offsetHeight: number }; querySelectorAll(s: string): ArrayLike<unknown>; querySelector(s: string): { textContent: string | null } | null };
  performance: { now(): number };
}

interface StreamTimes {
  /** Per chunk: dispatch + its frame's work, ms. */
  chunks: number[];
  /** Per chunk: the synchronous dispatch alone, ms. */
  sync: number[];
  /** replyEnd: dispatch + frame, ms. */
  end: number;
  /** Wall time from the first delta to the frame after replyEnd, ms (includes waiting for frames). */
  wall: number;
  blocks: number;
  codeBlocks: number;
  tables: number;
}

/** Splits text at real token boundaries (o200k), `n` tokens a chunk, as a provider's stream delivers it. */
async function tokenChunks(text: string, n: number): Promise<{ chunks: string[]; tokens: number }> {
  const { encode, decode } = await import('gpt-tokenizer');
  const ids = encode(text);
  const chunks: string[] = [];
  for (let i = 0; i < ids.length; i += n) chunks.push(decode(ids.slice(i, i + n)));
  if (chunks.join('') !== text) throw new Error('token chunks do not reassemble the reply (a multi-byte character was split)');
  return { chunks, tokens: ids.length };
}

async function openChat(page: Page): Promise<void> {
  const script = fs.readFileSync(path.join(DIST, 'chat.js'), 'utf8');
  const css = fs.readFileSync(path.join(DIST, 'chat.css'), 'utf8');
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageWindow;
    w.__posted = [];
    w.acquireVsCodeApi = () => ({ postMessage: (m: { type: string }) => w.__posted.push(m), getState: () => undefined, setState: () => undefined });
  });
  const html = webviewPage({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/chat.js`, styleUri: `${ORIGIN}/chat.css`, nonce: 'benchnonce' });
  // Cross-origin isolation only sharpens performance.now() (5 µs instead of 100 µs); the page is unchanged.
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith('/chat.js')) return route.fulfill({ contentType: 'text/javascript', body: script, headers });
    if (url.endsWith('/chat.css')) return route.fulfill({ contentType: 'text/css', body: css, headers });
    if (url.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: html, headers });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => ((globalThis as unknown as PageWindow).__posted ?? []).some((m) => m.type === 'ready'));
}

function streamingConversation(replyId: string): HostMessage {
  const user = { id: 'u1', role: 'user' as const, content: 'Walk me through fixing the duplicate writes, with the migration and tests.', attachments: [], model: 'auto' as const, createdAt: 1 };
  const reply: ReplyTurn = { id: replyId, role: 'assistant', content: '', status: 'streaming', createdAt: 2, meta: { fallbacks: [] } };
  const conversation: Conversation = { id: 'c1', title: 'Duplicate writes', createdAt: 1, updatedAt: 2, turns: [user, reply], draft: '' };
  return {
    type: 'init',
    conversation,
    history: [{ id: 'c1', title: conversation.title, updatedAt: 2, turnCount: 2 }],
    models: [{ choice: 'auto', label: 'Auto (routed)' }, { choice: 'cheap', label: 'Cheap' }, { choice: 'frontier', label: 'Frontier' }],
    model: 'auto',
    attachments: [],
    streamingReplyId: replyId,
  };
}

/** Streams `chunks` into a fresh chat page; all timing happens inside the page. */
async function streamOnce(page: Page, chunks: string[], text: string): Promise<StreamTimes> {
  const replyId = 'r1';
  const done: ReplyTurn = {
    id: replyId, role: 'assistant', content: text, status: 'done', createdAt: 2,
    meta: { fallbacks: [], tier: 'frontier', modelName: 'sonnet', reason: 'chat: design/migration → frontier (score 0.83)', costUsd: 0.31, tokensIn: 2400, tokensOut: 20000, latencyMs: 210_000 },
  };
  const messages: HostMessage[] = [
    streamingConversation(replyId),
    { type: 'route', conversationId: 'c1', replyId, tier: 'frontier', reason: 'chat: design/migration → frontier (score 0.83)', modelName: 'sonnet' },
  ];
  // The last heading of the text must be on screen afterwards (the stream really rendered).
  const lastHeading = [...text.matchAll(/^## (.+)$/gm)].at(-1)?.[1] ?? '';
  return page.evaluate(async ({ setup, chunks, end, replyId, lastHeading }) => {
    const w = globalThis as unknown as PageWindow;
    const now = (): number => w.performance.now();
    const dispatch = (data: unknown): void => void w.dispatchEvent(new w.MessageEvent('message', { data }));
    const frame = (): Promise<void> => new Promise((resolve) => w.requestAnimationFrame(() => resolve()));
    /** Dispatch one message and run the frame after it; returns the work done, ms. */
    const sync: number[] = [];
    const measure = async (data: unknown): Promise<number> => {
      let frameStart = 0;
      // Registered before the dispatch, so it runs first in the next frame; the one after runs last.
      w.requestAnimationFrame(() => (frameStart = now()));
      const t0 = now();
      dispatch(data);
      const dispatched = now() - t0;
      sync.push(dispatched);
      const frameWork = await new Promise<number>((resolve) =>
        w.requestAnimationFrame(() => {
          void w.document.body.offsetHeight; // style + layout of what the frame changed
          resolve(now() - frameStart);
        }),
      );
      return dispatched + frameWork;
    };
    for (const m of setup) dispatch(m);
    await frame();
    await frame();
    const times: number[] = [];
    const w0 = now();
    for (const text of chunks) times.push(await measure({ type: 'delta', conversationId: 'c1', replyId, text }));
    const endMs = await measure({ type: 'replyEnd', conversationId: 'c1', reply: end });
    const wall = now() - w0;
    const body = w.document.querySelector('[data-testid="reply"] .reply-body');
    if (!body?.textContent?.includes(lastHeading)) throw new Error(`the streamed reply did not render (no heading "${lastHeading}")`);
    return {
      chunks: times,
      sync: sync.slice(0, times.length),
      end: endMs,
      wall,
      blocks: w.document.querySelectorAll('.turns .block').length,
      codeBlocks: w.document.querySelectorAll('.turns pre code').length,
      tables: w.document.querySelectorAll('.turns table').length,
    };
  }, { setup: messages as unknown[], chunks, end: done as unknown, replyId, lastHeading });
}

const ms = (x: number): string => `${x.toFixed(2)} ms`;

export async function rows(): Promise<BenchRow[]> {
  for (const f of [CHROMIUM, path.join(DIST, 'chat.js'), path.join(DIST, 'chat.css')]) {
    if (!fs.existsSync(f)) return [{ area: AREA, name: 'chat render in Chromium', value: `not run: ${f} is missing (build with \`node esbuild.js\`; Chromium: GEARSHIFT_CHROMIUM)`, ok: false }];
  }
  const text = longReply(REPLY_CHARS);
  const { chunks, tokens } = await tokenChunks(text, TOKENS_PER_CHUNK);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  let run: StreamTimes;
  try {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
    // Warm-up pass (JIT, highlight.js grammars, style sheets) on a short stream, then the measured pass on a fresh page.
    const warm = await context.newPage();
    await openChat(warm);
    await streamOnce(warm, chunks.slice(0, 400), chunks.slice(0, 400).join(''));
    await warm.close();
    const page = await context.newPage();
    await openChat(page);
    run = await streamOnce(page, chunks, text);
  } finally {
    await browser.close();
  }

  const c = run.chunks;
  const tenth = Math.floor(c.length / 10);
  const early = c.slice(0, tenth);
  const late = c.slice(c.length - tenth);
  const total = c.reduce((a, b) => a + b, 0) + run.end;
  const ratio = median(late) / median(early);
  const size = `${tokens.toLocaleString('en-US')} tokens, ${text.length.toLocaleString('en-US')} chars, ` +
    `${c.length.toLocaleString('en-US')} chunks of ${TOKENS_PER_CHUNK} tokens`;
  return [
    {
      area: AREA,
      name: `Chromium: render a streamed reply (${size}) — total work (dispatch + frame, excl. paint)`,
      value: `${total.toFixed(0)} ms (${run.blocks} blocks, ${run.codeBlocks} code blocks, ${run.tables} tables; ` +
        `wall ${(run.wall / 1000).toFixed(1)} s at one chunk per frame)`,
    },
    { area: AREA, name: 'Chromium: per chunk p50 / p99 / max', value: `${ms(median(c))} / ${ms(percentile(c, 99))} / ${ms(Math.max(...c))}`, target: 'p99 ≤ 16 ms (one frame)', ok: percentile(c, 99) <= 16 },
    {
      area: AREA,
      name: 'Chromium: per chunk, first 10% vs last 10% of chunks: p50 (of which dispatch); p99',
      value: `${ms(median(early))} (${ms(median(run.sync.slice(0, tenth)))}) vs ${ms(median(late))} ` +
        `(${ms(median(run.sync.slice(c.length - tenth)))}); ${ms(percentile(early, 99))} vs ${ms(percentile(late, 99))}`,
    },
    { area: AREA, name: 'Chromium: late/early per-chunk ratio (p50)', value: ratio.toFixed(2), target: '≤ 2 (cost does not grow with reply length)', ok: ratio <= 2 },
    { area: AREA, name: 'Chromium: replyEnd (final render of the finished reply)', value: ms(run.end) },
  ];
}
