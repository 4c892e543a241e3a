import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INPUT, startTask, TASK, taskEnded, toolMessages, W } from './agentUi';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

/** After zz-reload's own check (file order): the agent task of agent.test.ts, restored by the real window reload. */
describe('agent transcript after a window reload @after-reload', function () {
  this.timeout(180_000);

  it('the task comes back from the history whole, and follow-ups in Agent and Ask continue from it', async () => {
    const { fake } = await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(INPUT, { frame: W, timeoutMs: 60_000 });
    await ui.click('[data-testid="history-toggle"]', W);
    await ui.click('[data-testid="history-open"]:has-text("fix add and mul")', W);
    await eventually(async () => (await ui.query('[data-testid="agent-step"]', W)).length === 5, 'the five step rows');
    const outcomes = (await ui.query('[data-testid="approval-outcome"]', W)).map((o) => o.text);
    assert.deepEqual(outcomes, ['Accepted all', 'Run']);
    const calls = (await ui.query('[data-testid="agent-tool-call"]', W)).map((c) => c.attrs['data-tool']);
    assert.deepEqual(calls, ['search_text', 'read_file', 'propose_edits', 'run_command']);
    const contents = await ui.query('[data-testid="tool-content"]', W);
    assert.ok(
      contents.some((c) => c.text.includes('checks passed: add and mul')),
      'the command output is kept',
    );

    // Agent: the earlier tool calls and results go to the model again, as tool messages.
    await ui.click('[data-testid="mode-agent"]', W);
    const first = fake.requests.length;
    fake.script({ text: 'It was `node check.js`.' });
    await startTask('which command did you run?');
    await eventually(async () => (await ui.query(TASK, W)).length === 2 && (await taskEnded()).attrs['data-status'] === 'done', 'task 2');
    const again = toolMessages(fake.requests[first].body);
    assert.ok(
      again.some((m) => m.content.includes('checks passed: add and mul')),
      JSON.stringify(again).slice(0, 400),
    );

    // Ask: a plain account of the steps (no tool messages).
    await ui.click('[data-testid="mode-ask"]', W);
    fake.script({ text: 'Two files.' });
    await ui.fill(INPUT, 'how many files did you change?', W);
    await ui.click('[data-testid="send"]', W);
    await ui.waitFor('[data-testid="reply"]', { frame: W, text: 'Two files.' });
    const ask = fake.requests[fake.requests.length - 1].body as { messages: { role: string; content: unknown }[] };
    assert.equal(toolMessages(ask).length, 0);
    assert.ok(JSON.stringify(ask.messages).includes('[tool call] propose_edits'));
  });
});
