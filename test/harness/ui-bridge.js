'use strict';
/*
 * The UI bridge: a tiny JSON-over-HTTP server on 127.0.0.1 that the integration tests (running inside the
 * VS Code extension host) call to drive the real workbench page with Playwright. Tests use it through
 * test/integration/ui.ts. Operations:
 *   { op: 'query',  selector, frame }            -> [{ text, attrs }]   (frame: 'page' | 'webview')
 *   { op: 'waitFor', selector, frame, text?, timeoutMs? } -> [{ text, attrs }] once it matches
 *   { op: 'click',  selector, frame }
 *   { op: 'fill',   selector, frame, text }
 *   { op: 'press',  key, selector?, frame? }    (keyboard on the page, or on an element)
 *   { op: 'eval',   frame, selector?, expression } -> the expression's JSON value, evaluated in the frame
 *   { op: 'screenshot', name }                 -> { path }
 *   { op: 'reload' }                            reloads the window (Developer: Reload Window); see test/integration/index.ts
 * 'webview' means: the first webview iframe (nested frames included) in which `selector` exists.
 */
const http = require('http');
const path = require('path');

async function findFrame(page, frame, selector, timeoutMs) {
  if (frame !== 'webview') return page;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      try {
        if (await f.$(selector)) return f;
      } catch { /* frame detached while looking */ }
    }
    if (Date.now() > deadline) throw new Error(`no webview frame holds ${selector}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function describe(target, selector) {
  return target.$$eval(selector, (els) => els.map((el) => {
    const attrs = {};
    for (const a of el.getAttributeNames()) attrs[a] = el.getAttribute(a);
    return { text: el.textContent || '', attrs };
  }));
}

/** A result whose follow-up runs once the reply has been sent. */
const AFTER_REPLY = (run) => ({ afterReply: run, result: true });

async function handle(page, artifacts, req) {
  const timeoutMs = req.timeoutMs || 20_000;
  switch (req.op) {
    case 'query': {
      // No frame holding the selector is simply "nothing found".
      const target = await findFrame(page, req.frame, req.selector, 0).catch(() => undefined);
      return target ? describe(target, req.selector) : [];
    }
    case 'waitFor': {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          const target = await findFrame(page, req.frame, req.selector, 200);
          const found = await describe(target, req.selector);
          if (found.length > 0 && (req.text === undefined || found.some((f) => f.text.includes(req.text)))) return found;
        } catch { /* not there yet */ }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${req.selector}${req.text ? ` with text "${req.text}"` : ''}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    case 'click': {
      const target = await findFrame(page, req.frame, req.selector, timeoutMs);
      await target.click(req.selector, { timeout: timeoutMs });
      return true;
    }
    case 'fill': {
      const target = await findFrame(page, req.frame, req.selector, timeoutMs);
      await target.fill(req.selector, req.text, { timeout: timeoutMs });
      return true;
    }
    case 'press': {
      if (req.selector) {
        const target = await findFrame(page, req.frame, req.selector, timeoutMs);
        await target.press(req.selector, req.key, { timeout: timeoutMs });
      } else {
        await page.keyboard.press(req.key);
      }
      return true;
    }
    case 'type': {
      await page.keyboard.type(req.text, { delay: req.delayMs || 0 });
      return true;
    }
    case 'eval': {
      const target = await findFrame(page, req.frame, req.selector || 'body', timeoutMs);
      return target.evaluate(req.expression);
    }
    case 'screenshot': {
      const file = path.join(artifacts, `${String(req.name).replace(/[^\w.-]/g, '_')}.png`);
      await page.screenshot({ path: file });
      return { path: file };
    }
    case 'reload':
      // Answered first (see startUiBridge): the extension host that asked is about to be replaced by the reloaded window's.
      return AFTER_REPLY(() => page.reload().catch((err) => console.error(`ui-bridge: reload failed: ${err}`)));
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

function startUiBridge(artifacts) {
  let page;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      try {
        if (!page) throw new Error('the workbench page is not open yet');
        const out = await handle(page, artifacts, JSON.parse(body));
        const after = out && typeof out.afterReply === 'function' ? out : undefined;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: after ? after.result : out }), () => after && after.afterReply());
      } catch (err) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: String(err && err.message ? err.message : err) }));
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        setPage: (p) => { page = p; },
        page: () => page,
        close: () => server.close(),
      });
    });
  });
}

module.exports = { startUiBridge };
