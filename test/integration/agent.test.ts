/**
 * Agent mode in the side panel, end to end in the real VS Code: a scripted fake model drives the real agent loop,
 * tools, approval cards (clicked in the webview), terminal and ledger on the workspace fixture's agent/ folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from './ui';
import { INPUT, startTask, taskEnded, toolMessages, W } from './agentUi';
import { eventually, useFakeProvider, EMPTY_CONVERSATION } from './setup';

/** The card waiting for an answer (answered cards keep their place in the transcript, with their buttons disabled). */
const OPEN_CARD = '[data-testid="approval"]:not([data-answered])';

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return folder.uri.fsPath;
}

const file = (rel: string): string => path.join(root(), rel);
const read = (rel: string): string => fs.readFileSync(file(rel), 'utf8');

const ORIGINAL = {
  'agent/src/add.js': 'function add(a, b) {\n  return a - b;\n}\nmodule.exports = { add };\n',
  'agent/src/mul.js': 'function mul(a, b) {\n  return a + b;\n}\nmodule.exports = { mul };\n',
};

function restoreFixture(): void {
  for (const [rel, text] of Object.entries(ORIGINAL)) fs.writeFileSync(file(rel), text);
}

async function newAgentChat(): Promise<void> {
  await vscode.commands.executeCommand('gearshift.chat.focus');
  await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
  await ui.click('[data-testid="new-chat"]', W);
  await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
  await ui.click('[data-testid="mode-agent"]', W);
  await ui.waitFor('[data-testid="mode-agent"][aria-pressed="true"]', { frame: W });
}

const call = (name: string, args: object) => ({ name, arguments: JSON.stringify(args) });

describe('agent mode (real webview, real tools)', function () {
  this.timeout(180_000);

  before(async () => {
    await useFakeProvider();
    restoreFixture();
  });

  afterEach(() => restoreFixture());

  // The mode is remembered per workspace: the suites after this one expect Ask.
  after(async () => {
    await ui.click('[data-testid="mode-ask"]', W);
    await ui.waitFor('[data-testid="mode-ask"][aria-pressed="true"]', { frame: W });
  });

  it('search → read → 2-file edit → node check.js, approved by clicks; the output reaches the model; each step in the ledger', async () => {
    const { fake, api } = await useFakeProvider();
    await api.cost.whenLoaded();
    const agentRecords = async () => (await api.cost.readAll()).filter((r) => r.task === 'agent');
    const before = (await agentRecords()).length;
    await newAgentChat();
    const first = fake.requests.length;
    fake.script(
      { text: 'Let me find them.', toolCalls: [call('search_text', { query: 'function (add|mul)', isRegex: true, include: 'agent/**' })] },
      { toolCalls: [call('read_file', { path: 'agent/src/add.js' })] },
      {
        text: 'Both operators are wrong; fixing them.',
        toolCalls: [
          call('propose_edits', {
            edits: [
              { path: 'agent/src/add.js', oldText: 'return a - b;', newText: 'return a + b;' },
              { path: 'agent/src/mul.js', oldText: 'return a + b;', newText: 'return a * b;' },
            ],
          }),
        ],
      },
      { toolCalls: [call('run_command', { command: 'node check.js', cwd: 'agent' })] },
      { text: 'Fixed `add` and `mul`; **checks pass**.' },
    );
    await startTask('fix add and mul in agent/src so that agent/check.js passes');

    // The edit: one card, a diff per file; accept each file by its own button.
    await ui.waitFor(`${OPEN_CARD}[data-kind="edit"]`, { frame: W });
    const diffs = await ui.query(`${OPEN_CARD} [data-testid="diff"]`, W);
    assert.equal(diffs.length, 2);
    assert.match(diffs[0].text, /-\s+return a - b;[\s\S]*\+\s+return a \+ b;/);
    assert.equal(read('agent/src/add.js'), ORIGINAL['agent/src/add.js'], 'nothing is written before it is accepted');
    await ui.click(`${OPEN_CARD} [data-path="agent/src/add.js"] [data-testid="approve-file"]`, W);
    await ui.waitFor('[data-path="agent/src/add.js"] [data-testid="file-outcome"]', { frame: W, text: 'Accepted' });
    await ui.click(`${OPEN_CARD} [data-path="agent/src/mul.js"] [data-testid="approve-file"]`, W);

    // The command: shown exactly, with its folder, run only on the click.
    const [cmd] = await ui.waitFor(`${OPEN_CARD}[data-kind="command"] [data-testid="approval-command"]`, { frame: W });
    assert.equal(cmd.text.trim(), 'node check.js');
    const [cwd] = await ui.query(`${OPEN_CARD} [data-testid="approval-cwd"]`, W);
    assert.match(cwd.text, /agent/);
    await ui.click(`${OPEN_CARD} [data-testid="run-command"]`, W);

    const task = await taskEnded();
    assert.equal(task.attrs['data-status'], 'done', task.text);
    assert.match(task.text, /checks pass/);
    assert.equal(read('agent/src/add.js'), ORIGINAL['agent/src/add.js'].replace('a - b', 'a + b'));
    assert.equal(read('agent/src/mul.js'), ORIGINAL['agent/src/mul.js'].replace('a + b', 'a * b'));

    const bodies = fake.requests.slice(first).map((r) => r.body);
    assert.equal(bodies.length, 5, 'five model calls: four tool steps and the answer');
    const results = toolMessages(bodies[4]);
    assert.ok(
      results.some((m) => m.content.includes('checks passed: add and mul')),
      `the command's output reached the model: ${JSON.stringify(results).slice(0, 600)}`,
    );
    assert.ok(
      toolMessages(bodies[2]).some((m) => m.content.includes('return a - b')),
      'the file read reached the model',
    );

    // The transcript: a row per step with its tier and reason.
    const rows = await ui.query('[data-testid="agent-step"]', W);
    assert.equal(rows.length, 5);
    assert.match(rows[0].text, /^step 1 · frontier · /);
    for (const r of rows) assert.match(r.text, /^step \d · (cheap|frontier) · \S/);

    // The ledger: one record per step, tagged with the task, the step and its role.
    const records = await eventually(async () => {
      const all = await agentRecords();
      return all.length >= before + 5 ? all.slice(before) : undefined;
    }, 'five agent step records in the ledger');
    const steps = records.map((r) => (r as { step?: number }).step);
    assert.deepEqual(steps, [1, 2, 3, 4, 5]);
    const ids = new Set(records.map((r) => (r as { taskId?: string }).taskId));
    assert.equal(ids.size, 1, 'one task id for every step');
    assert.equal((records[0] as { stepRole?: string }).stepRole, 'plan', 'the first step plans');
    assert.ok(
      records.every((r) => ['plan', 'recover', 'digest', 'execute'].includes((r as { stepRole?: string }).stepRole ?? '')),
      'every step has a role',
    );
    const header = await ui.query('[data-testid="task-cost"]', W);
    assert.match(header[0]?.text ?? '', /^task \$/, 'the task cost is in the chat header');
  });

  it('a rejected edit leaves the files untouched, and the model is told', async () => {
    const { fake } = await useFakeProvider();
    await newAgentChat();
    const first = fake.requests.length;
    fake.script(
      {
        toolCalls: [
          call('propose_edits', {
            edits: [
              { path: 'agent/src/add.js', oldText: 'return a - b;', newText: 'return 42;' },
              { path: 'agent/src/mul.js', oldText: 'return a + b;', newText: 'return 0;' },
            ],
          }),
        ],
      },
      { text: 'Understood, I will leave them.' },
    );
    await startTask('replace both functions with constants');
    await ui.waitFor(`${OPEN_CARD}[data-kind="edit"]`, { frame: W });
    await ui.click(`${OPEN_CARD} [data-testid="reject-all"]`, W);
    const task = await taskEnded();
    assert.equal(task.attrs['data-status'], 'done', task.text);
    assert.equal(read('agent/src/add.js'), ORIGINAL['agent/src/add.js']);
    assert.equal(read('agent/src/mul.js'), ORIGINAL['agent/src/mul.js']);
    const [outcome] = await ui.query('[data-testid="approval-outcome"]', W);
    assert.match(outcome.text, /Rejected/);
    const told = toolMessages(fake.requests[first + 1].body);
    assert.ok(
      told.some((m) => /reject/i.test(m.content)),
      JSON.stringify(told).slice(0, 400),
    );
  });

  it('a tool call that targets .env is refused: its content never reaches the model', async () => {
    const { fake } = await useFakeProvider();
    await newAgentChat();
    const first = fake.requests.length;
    fake.script({ toolCalls: [call('read_file', { path: 'agent/.env' })] }, { text: 'I cannot read that file.' });
    await startTask('show me agent/.env');
    const task = await taskEnded();
    assert.equal(task.attrs['data-status'], 'done', task.text);
    const [result] = await ui.query('[data-testid="agent-tool-result"]', W);
    assert.equal(result.attrs['data-outcome'], 'refused', result.text);
    const sent = JSON.stringify(fake.requests[first + 1].body);
    assert.ok(!sent.includes('not-a-real-secret-but-private'), 'the file content was not sent');
    assert.match(JSON.stringify(toolMessages(fake.requests[first + 1].body)), /refused|excluded|secret|not allowed/i);
  });

  it('Stop in the middle of a running command ends the command and the task', async () => {
    const { fake } = await useFakeProvider();
    await newAgentChat();
    const pidFile = file('agent/sleep.pid');
    fs.rmSync(pidFile, { force: true });
    // One script only: the task ends with the stop, and a script left queued would answer the next suite's request.
    fake.script({ toolCalls: [call('run_command', { command: 'node sleep.js', cwd: 'agent' })] });
    await startTask('run the sleeper');
    await ui.waitFor(`${OPEN_CARD}[data-kind="command"]`, { frame: W });
    await ui.click(`${OPEN_CARD} [data-testid="run-command"]`, W);
    const pid = await eventually(
      () => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : undefined),
      'the command to start',
    );
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    assert.ok(alive(), 'the command is running');
    await ui.click('[data-testid="stop"]', W);
    const task = await taskEnded();
    assert.equal(task.attrs['data-status'], 'stopped', task.text);
    await eventually(() => !alive(), 'the command process to end');
    fs.rmSync(pidFile, { force: true });
  });
});
