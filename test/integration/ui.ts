/**
 * Client of the launcher's UI bridge (test/harness/ui-bridge.js): lets tests in the extension host drive the
 * real workbench in Chromium with Playwright.
 */
import * as http from 'node:http';

export interface Found {
  text: string;
  attrs: Record<string, string>;
}

function call<T>(req: Record<string, unknown>): Promise<T> {
  const url = process.env.GEARSHIFT_UI_BRIDGE;
  if (!url) return Promise.reject(new Error('GEARSHIFT_UI_BRIDGE is not set: run through test/harness/launcher.js'));
  const body = JSON.stringify(req);
  return new Promise((resolve, reject) => {
    const r = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let data = '';
      res.on('data', (d) => {
        data += d;
      });
      res.on('end', () => {
        const parsed = JSON.parse(data) as { ok: boolean; result: T; error?: string };
        if (parsed.ok) resolve(parsed.result);
        else reject(new Error(`UI bridge ${String(req.op)}: ${parsed.error}`));
      });
    });
    r.on('error', reject);
    r.end(body);
  });
}

type Frame = 'page' | 'webview';

export const ui = {
  query: (selector: string, frame: Frame = 'page') => call<Found[]>({ op: 'query', selector, frame }),
  waitFor: (selector: string, opts: { frame?: Frame; text?: string; timeoutMs?: number } = {}) =>
    call<Found[]>({ op: 'waitFor', selector, frame: opts.frame ?? 'page', text: opts.text, timeoutMs: opts.timeoutMs }),
  click: (selector: string, frame: Frame = 'page') => call<boolean>({ op: 'click', selector, frame }),
  fill: (selector: string, text: string, frame: Frame = 'page') => call<boolean>({ op: 'fill', selector, frame, text }),
  press: (key: string, selector?: string, frame: Frame = 'page') => call<boolean>({ op: 'press', key, selector, frame }),
  type: (text: string, delayMs = 0) => call<boolean>({ op: 'type', text, delayMs }),
  eval: <T>(expression: string, frame: Frame = 'page', selector?: string) => call<T>({ op: 'eval', expression, frame, selector }),
  screenshot: (name: string) => call<{ path: string }>({ op: 'screenshot', name }),
  reload: () => call<boolean>({ op: 'reload' }),
};
