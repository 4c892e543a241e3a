/**
 * Agent mode in the real chat webview bundle (Chromium): the Ask | Agent switch, the transcript of a running task
 * (step rows, tool calls, results, progress), approval cards and their buttons, and hostile tool output shown as
 * text. Skipped when no Chromium is installed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AgentEvent } from '../../../src/core/agent/types';
import type { Conversation, ReplyTurn } from '../../../src/core/chat/conversation';
import type { HostMessage } from '../../../src/core/chat/messages';
import { frames, open, posted, send, skip, type BW } from './chromePage';

const user = {
  id: 'u1',
  role: 'user' as const,
  content: 'add a check',
  attachments: [],
  model: 'auto' as const,
  createdAt: 1,
  mode: 'agent' as const,
};

function task(events: AgentEvent[], over: Partial<ReplyTurn> = {}): ReplyTurn {
  return {
    id: 'r1',
    role: 'assistant',
    content: '',
    status: 'streaming',
    createdAt: 2,
    meta: { fallbacks: [] },
    agent: { taskId: 't1', events, answers: [], messages: [] },
    ...over,
  };
}

function conversation(turns: Conversation['turns']): Conversation {
  return { id: 'c1', title: 'Agent chat', createdAt: 1, updatedAt: 2, turns, draft: '' };
}

function init(c: Conversation, extra: Partial<Extract<HostMessage, { type: 'init' }>> = {}): HostMessage {
  return {
    type: 'init',
    conversation: c,
    history: [],
    models: [{ choice: 'auto', label: 'Auto (routed)' }],
    model: 'auto',
    attachments: [],
    mode: 'agent',
    agentAvailable: true,
    ...extra,
  };
}

const ev = (event: AgentEvent): HostMessage => ({ type: 'agentEvent', conversationId: 'c1', replyId: 'r1', event });

async function texts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((s) => Array.from((globalThis as unknown as BW).document.querySelectorAll(s)).map((e) => e.innerText), selector);
}

async function attr(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  return page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n)), name);
}

test('the Ask | Agent switch: pressed state, click and arrow keys, the mode goes with each message', { skip }, async () => {
  const page = await open(false);
  await send(page, init(conversation([]), { mode: 'agent' }));
  assert.deepEqual(await attr(page, '[data-testid^="mode-"]', 'aria-pressed'), ['false', 'true'], 'restored from the host');
  assert.match((await page.getAttribute('[data-testid="chat-input"]', 'placeholder')) ?? '', /Describe a task/);
  await page.click('[data-testid="mode-ask"]');
  assert.deepEqual(await attr(page, '[data-testid^="mode-"]', 'aria-pressed'), ['true', 'false']);
  await page.focus('[data-testid="mode-ask"]');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await attr(page, '[data-testid^="mode-"]', 'aria-pressed'), ['false', 'true']);
  assert.equal(
    await page.evaluate(() =>
      (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string } } }).document.activeElement.getAttribute(
        'data-testid',
      ),
    ),
    'mode-agent',
  );
  await page.fill('[data-testid="chat-input"]', 'fix the failing test');
  await page.keyboard.press('Enter');
  await page.focus('[data-testid="mode-agent"]');
  await page.keyboard.press('ArrowLeft');
  await page.fill('[data-testid="chat-input"]', 'why?');
  await page.click('[data-testid="send"]');
  const out = (await posted(page)).filter((m) => m.type === 'setMode' || m.type === 'send').map((m) => [m.type, m.mode]);
  assert.deepEqual(out, [
    ['setMode', 'ask'],
    ['setMode', 'agent'],
    ['send', 'agent'],
    ['setMode', 'ask'],
    ['send', 'ask'],
  ]);
  await send(page, init(conversation([]), { mode: 'agent', agentAvailable: false }));
  assert.equal(await page.isDisabled('[data-testid="mode-agent"]'), true, 'no agent: the switch stays on Ask');
  assert.deepEqual(await attr(page, '[data-testid^="mode-"]', 'aria-pressed'), ['true', 'false']);
  await page.context().close();
});

test(
  'a running task: step rows, text, tool calls and results, progress and the header cost; approval buttons answer once',
  { skip },
  async () => {
    const page = await open(false);
    await send(page, init(conversation([user, task([])]), { streamingReplyId: 'r1' }));
    await send(page, ev({ type: 'step', step: 4, role: 'digest', tier: 'cheap', modelName: 'fast', reason: 'reading search results' }));
    await send(page, ev({ type: 'text', step: 4, text: 'Found **two** ' }));
    await send(page, ev({ type: 'text', step: 4, text: 'files.' }));
    await send(
      page,
      ev({ type: 'toolCall', step: 4, call: { id: 'c1', name: 'read_file', arguments: '{"path":"src/a.js","startLine":3}' } }),
    );
    await send(page, ev({ type: 'toolResult', step: 4, callId: 'c1', name: 'read_file', outcome: 'ok', summary: '12 lines of src/a.js' }));
    await send(page, ev({ type: 'stepEnd', step: 4, modelName: 'fast', costUsd: 0.0012 }));
    await send(page, ev({ type: 'progress', steps: 4, maxSteps: 25, costUsd: 0.0123, maxTaskUsd: 0.5 }));
    const diffA = '--- a/a.js\n+++ b/a.js\n@@ -1 +1 @@\n-one\n+uno\n';
    await send(
      page,
      ev({
        type: 'approval',
        step: 5,
        request: {
          kind: 'edit',
          id: 'e1',
          files: [
            { path: 'a.js', before: '', after: '', diff: diffA },
            { path: 'b.js', before: undefined, after: '', diff: '+dos\n' },
          ],
        },
      }),
    );
    await frames(page);
    assert.deepEqual(await texts(page, '[data-testid="agent-step"]'), ['step 4 · cheap · reading search results · fast · $0.0012']);
    assert.deepEqual(await attr(page, '[data-testid="agent-step"]', 'data-tier'), ['cheap']);
    assert.match((await texts(page, '.agent-text'))[0], /Found two files\./);
    assert.equal(await page.locator('.agent-text strong').count(), 1, 'model text is rendered markdown');
    assert.deepEqual(await texts(page, '[data-testid="agent-tool-call"]'), ['read_file path: "src/a.js", startLine: 3']);
    assert.match((await texts(page, '[data-testid="agent-tool-result"]'))[0], /ok · 12 lines of src\/a\.js/);
    assert.deepEqual(await texts(page, '[data-testid="agent-progress"]'), ['step 4 / 25 · $0.01 / $0.50']);
    assert.deepEqual(await texts(page, '[data-testid="task-cost"]'), ['task $0.01 / $0.50']);
    assert.equal((await texts(page, '[data-testid="diff"]'))[0], diffA, 'a diff is shown, and copied, as its text');
    assert.match((await texts(page, '[data-testid="approval-file"]'))[1], /b\.js \(new file\)/);

    await page.click('[data-testid="approval-file"][data-path="a.js"] [data-testid="approve-file"]');
    await page.click('[data-testid="approval-file"][data-path="b.js"] [data-testid="open-diff"]');
    const answers = (await posted(page)).filter((m) => m.type === 'answerFile' || m.type === 'openDiff');
    assert.deepEqual(answers, [
      { type: 'answerFile', id: 'e1', path: 'a.js', decision: 'accept' },
      { type: 'openDiff', id: 'e1', path: 'b.js' },
    ]);
    await send(page, { type: 'approval', conversationId: 'c1', replyId: 'r1', id: 'e1', decided: [{ path: 'a.js', accepted: true }] });
    assert.equal(await page.isDisabled('[data-path="a.js"] [data-testid="approve-file"]'), true);
    assert.equal(await page.isDisabled('[data-path="b.js"] [data-testid="approve-file"]'), false);
    await send(page, {
      type: 'approval',
      conversationId: 'c1',
      replyId: 'r1',
      id: 'e1',
      decided: [
        { path: 'a.js', accepted: true },
        { path: 'b.js', accepted: false },
      ],
      record: { id: 'e1', answer: { kind: 'edit', accepted: ['a.js'] } },
    });
    const enabled = await page.$$eval(
      '[data-testid="approval"] button',
      (bs) => bs.filter((b) => !(b as { disabled: boolean }).disabled).length,
    );
    assert.equal(enabled, 0, 'every button is disabled once answered');
    assert.deepEqual(await texts(page, '[data-testid="approval-outcome"]'), ['Accepted: a.js']);

    await send(page, ev({ type: 'approval', step: 6, request: { kind: 'command', id: 'r9', command: 'node check.js', cwd: '' } }));
    await frames(page);
    assert.deepEqual(await texts(page, '[data-testid="approval-command"]'), ['node check.js']);
    assert.deepEqual(await texts(page, '[data-testid="approval-cwd"]'), ['in the workspace folder']);
    await page.click('[data-testid="always-allow"]');
    assert.deepEqual(
      (await posted(page)).filter((m) => m.type === 'answerCommand'),
      [{ type: 'answerCommand', id: 'r9', decision: 'always' }],
    );
    await page.context().close();
  },
);

test(
  'a finished task from the history: results expand to their content, unanswered cards are closed, Retry after an error',
  { skip },
  async () => {
    const page = await open(false);
    const done = task(
      [
        { type: 'step', step: 1, role: 'plan', tier: 'frontier', modelName: 'smart', reason: 'first step' },
        { type: 'toolCall', step: 1, call: { id: 'c1', name: 'run_command', arguments: '{"command":"node check.js"}' } },
        { type: 'approval', step: 1, request: { kind: 'command', id: 'r1', command: 'node check.js', cwd: 'pkg' } },
        {
          type: 'toolResult',
          step: 1,
          callId: 'c1',
          name: 'run_command',
          outcome: 'commandFailed',
          summary: 'exit 1',
          detail: { kind: 'command', command: 'node check.js', exitCode: 1 },
        },
        { type: 'done', status: 'costLimit', message: 'Cost limit reached.' },
      ],
      {
        status: 'error',
        meta: { fallbacks: [], costUsd: 0.5, error: { kind: 'costLimit', message: 'The task reached its cost limit ($0.5).' } },
      },
    );
    done.agent!.messages = [
      { role: 'user', content: '', toolResults: [{ callId: 'c1', name: 'run_command', content: 'FAIL: sum(1,2) != 3' }] },
    ];
    await send(page, init(conversation([user, done])));
    await frames(page);
    assert.equal(await page.isDisabled('[data-testid="run-command"]'), true, 'a card left unanswered is closed');
    assert.deepEqual(await texts(page, '[data-testid="approval-outcome"]'), ['Not answered: the task ended.']);
    await page.click('[data-testid="agent-tool-result"] summary');
    assert.deepEqual(await texts(page, '[data-testid="tool-content"]'), ['FAIL: sum(1,2) != 3']);
    assert.match((await texts(page, '[data-testid="reply-error"]'))[0], /cost limit/);
    assert.deepEqual(await texts(page, '[data-testid="task-cost"]'), ['task $0.50']);
    await send(page, { type: 'taskCost', taskId: 'other', steps: 3, costUsd: 0.2, unpriced: 0, text: '$0.20 over 3 steps' });
    assert.deepEqual(await texts(page, '[data-testid="task-cost"]'), ['task $0.50'], 'the ledger’s sum of another task is not this one’s');
    await send(page, { type: 'taskCost', taskId: 't1', steps: 1, costUsd: 0.51, unpriced: 0, text: '$0.51 over 1 step' });
    assert.deepEqual(await texts(page, '[data-testid="task-cost"]'), ['task $0.51 over 1 step'], 'the ledger’s sum when it has the task');
    assert.deepEqual(await texts(page, '[data-testid="agent-progress"]'), [''], 'no progress line once it ended');
    await page.click('[data-testid="retry"]');
    assert.deepEqual(
      (await posted(page)).filter((m) => m.type === 'retry'),
      [{ type: 'retry', replyId: 'r1' }],
    );
    await page.context().close();
  },
);

test('tool arguments, results, diffs and commands are text: markup in them never becomes elements', { skip }, async () => {
  const page = await open(true);
  const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  await send(page, init(conversation([user, task([])]), { streamingReplyId: 'r1' }));
  await send(page, ev({ type: 'step', step: 1, role: 'plan', tier: 'frontier', modelName: `m${evil}`, reason: evil }));
  await send(page, ev({ type: 'toolCall', step: 1, call: { id: 'c1', name: 'read_file', arguments: JSON.stringify({ path: evil }) } }));
  await send(page, ev({ type: 'toolResult', step: 1, callId: 'c1', name: evil, outcome: 'ok', summary: evil }));
  await send(
    page,
    ev({
      type: 'approval',
      step: 1,
      request: { kind: 'edit', id: 'e1', files: [{ path: evil, before: '', after: '', diff: `+${evil}\n` }] },
    }),
  );
  await send(page, ev({ type: 'approval', step: 1, request: { kind: 'command', id: 'r1', command: evil, cwd: evil } }));
  await send(page, ev({ type: 'text', step: 1, text: evil }));
  await frames(page, 5);
  const found = await page.evaluate(() => {
    const w = globalThis as unknown as BW;
    return {
      // The model's own text is markdown: an <img> may survive there (without its handler), nowhere else.
      imgs: w.document.querySelectorAll('.agent-body img').length - w.document.querySelectorAll('.agent-text img').length,
      handlers: Array.from(w.document.querySelectorAll('.agent-body *')).filter((e) => e.getAttributeNames().some((n) => /^on/i.test(n)))
        .length,
      scripts: w.document.querySelectorAll('.agent-body script').length,
      xss: w.__xss,
    };
  });
  assert.deepEqual(found, { imgs: 0, handlers: 0, scripts: 0, xss: undefined });
  assert.ok((await texts(page, '[data-testid="approval-command"]'))[0].includes('<script>'), 'the command is shown as it is');
  assert.ok((await texts(page, '[data-testid="diff"]'))[0].includes('<img src=x'), 'and so is the diff');
  await page.context().close();
});
