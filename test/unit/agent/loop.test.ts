/**
 * The agent loop through the real Router, Gateway and Pricing, with a scripted in-memory provider: how a task runs,
 * ends, and what reaches the model.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_RESULT_CHARS } from '../../../src/core/agent/toolOutput';
import type { AgentEvent, AgentTool, ApprovalRequest } from '../../../src/core/agent/types';
import { redactSecrets } from '../../../src/core/privacy/redact';
import { ProviderError } from '../../../src/core/providers/errors';
import {
  answer,
  bench,
  BIG_STEP_USD,
  calls,
  commandTool,
  editTool,
  heldUntilAbort,
  readFileTool,
  SMALL_STEP_USD,
  until,
  USAGE,
  waitingTool,
} from './harness';

const types = (events: AgentEvent[]): string[] => events.map((e) => e.type);

test('a multi-step task: read, then answer; messages, events, routing per step and the ledger', async () => {
  const b = bench();
  const files = { 'src/a.ts': 'export const a = 1;\n' };
  b.provider.script.push(calls([['read_file', '{"path":"src/a.ts"}']], 'Let me look.'), answer('a is 1.'));
  const r = await b.runner.run(b.task({ tools: [readFileTool(files)] }));

  assert.equal(r.status, 'finished');
  assert.equal(r.steps, 2);
  assert.deepEqual(
    r.messages.map((m) => [m.role, m.content, m.toolCalls?.map((c) => c.name), m.toolResults?.map((t) => [t.name, t.content, t.isError])]),
    [
      ['user', 'fix the failing test', undefined, undefined],
      ['assistant', 'Let me look.', ['read_file'], undefined],
      ['user', '', undefined, [['read_file', 'export const a = 1;\n', undefined]]],
      ['assistant', 'a is 1.', undefined, undefined],
    ],
  );
  assert.equal(r.messages[2].toolResults![0].callId, r.messages[1].toolCalls![0].id, 'the result answers its call');
  assert.deepEqual(types(b.events), [
    'step', 'text', 'toolCall', 'toolResult', 'stepEnd', 'progress',
    'step', 'text', 'stepEnd', 'progress', 'done',
  ]); // prettier-ignore
  const steps = b.events.filter((e) => e.type === 'step');
  assert.deepEqual(
    steps.map((e) => [e.step, e.role, e.tier, e.modelName, e.reason]),
    [
      [1, 'plan', 'frontier', 'big', 'planning the task'],
      [2, 'digest', 'cheap', 'small', 'reading tool results'],
    ],
  );
  const result = b.events.find((e) => e.type === 'toolResult');
  assert.deepEqual(result && [result.name, result.outcome, result.summary], ['read_file', 'ok', 'export const a = 1;']);
  assert.deepEqual(b.events.at(-2), { type: 'progress', steps: 2, maxSteps: 25, costUsd: BIG_STEP_USD + SMALL_STEP_USD });
  assert.deepEqual(b.events.at(-1), { type: 'done', status: 'finished' });

  // Each step went to the model its role chose, offered the tool, and was recorded as an agent step with its tag.
  assert.deepEqual(
    b.provider.requests.map((q) => [q.model, q.tools?.map((t) => t.name)]),
    [
      ['mem-big', ['read_file']],
      ['mem-small', ['read_file']],
    ],
  );
  assert.deepEqual(
    b.records.map((x) => [x.task, x.tier, x.modelName, x.costUsd]),
    [
      ['agent', 'frontier', 'big', BIG_STEP_USD],
      ['agent', 'cheap', 'small', SMALL_STEP_USD],
    ],
  );
  assert.deepEqual(
    b.outcomes.map((o) => o.step),
    [
      { taskId: 'task-1', step: 1, role: 'plan' },
      { taskId: 'task-1', step: 2, role: 'digest' },
    ],
  );
  assert.equal(b.outcomes[1].decision.source, 'step');
  assert.equal(b.outcomes[1].decision.reason, 'step 2 · cheap · reading tool results');
  assert.equal(b.gateway.lastDecision()?.task, 'agent', 'Explain Last Routing Decision sees the step');
  assert.equal(r.costUsd, BIG_STEP_USD + SMALL_STEP_USD);
});

test('malformed arguments (invalid JSON, wrong shape) go back as error results; the tool does not run; the task goes on', async () => {
  const b = bench();
  const ran: string[] = [];
  b.provider.script.push(
    calls([
      ['read_file', '{"path": "src/a.ts"'],
      ['read_file', '{"path": 5}'],
      ['read_file', '{}'],
      ['read_file', '["src/a.ts"]'],
    ]),
    answer('sorry'),
  );
  const r = await b.runner.run(b.task({ tools: [readFileTool({ 'src/a.ts': 'x' }, ran)] }));
  assert.equal(r.status, 'finished');
  assert.deepEqual(ran, []);
  const results = b.provider.requests[1].messages.at(-1)!.toolResults!;
  assert.ok(results.every((x) => x.isError === true));
  assert.match(results[0].content, /^The arguments for read_file are not valid JSON \(/);
  assert.equal(results[1].content, 'The arguments for read_file do not match its schema: path must be string.');
  assert.equal(results[2].content, "The arguments for read_file do not match its schema: (arguments) must have required property 'path'.");
  assert.equal(results[3].content, 'The arguments for read_file must be a JSON object, but are a list.');
  assert.deepEqual(
    b.policy.inputs[1].history[0].toolCalls.map((c) => c.outcome),
    ['badArguments', 'badArguments', 'badArguments', 'badArguments'],
  );
  assert.equal(b.policy.inputs[1].history.length, 1);
});

test('an unknown tool is refused, naming the tools there are', async () => {
  const b = bench();
  b.provider.script.push(calls([['delete_everything', '{}']]), answer('ok'));
  const r = await b.runner.run(b.task({ tools: [readFileTool({})] }));
  assert.equal(r.status, 'finished');
  const res = b.provider.requests[1].messages.at(-1)!.toolResults![0];
  assert.deepEqual([res.isError, res.content], [true, 'There is no tool named "delete_everything". Tools: read_file.']);
  assert.equal(b.policy.inputs[1].history[0].toolCalls[0].outcome, 'refused');
});

test('step limit: the task stops after maxSteps, its messages still valid (every call answered)', async () => {
  const b = bench();
  b.provider.otherwise = calls([['read_file', '{"path":"a"}']]);
  const r = await b.runner.run(b.task({ tools: [readFileTool({ a: 'A' })], limits: { maxSteps: 3 } }));
  assert.equal(r.status, 'stepLimit');
  assert.equal(r.steps, 3);
  assert.equal(b.provider.requests.length, 3);
  assert.match(r.message!, /Stopped after 3 steps.*gearshift\.agent\.maxSteps/);
  assert.equal(r.messages.at(-1)!.toolResults?.length, 1);
  assert.deepEqual(b.events.at(-1), { type: 'done', status: 'stepLimit', message: r.message });
});

test('cost limit: checked after each step; no step starts once the task has spent its limit', async () => {
  const b = bench();
  b.provider.otherwise = calls([['read_file', '{"path":"a"}']]);
  // Step 1 (frontier) costs 0.011, step 2 (cheap) 0.0011: the limit is passed after step 2.
  const r = await b.runner.run(b.task({ tools: [readFileTool({ a: 'A' })], limits: { maxSteps: 25, maxTaskUsd: 0.012 } }));
  assert.equal(r.status, 'costLimit');
  assert.equal(r.steps, 2);
  assert.equal(b.provider.requests.length, 2);
  assert.match(r.message!, /cost \$0\.0121; its limit is \$0\.012 \(gearshift\.agent\.maxTaskUsd\)/);
  const progress = b.events.filter((e) => e.type === 'progress');
  assert.deepEqual(progress.at(-1), { type: 'progress', steps: 2, maxSteps: 25, costUsd: 0.0121, maxTaskUsd: 0.012 });
});

test('Stop during a model call: the call is aborted, the partial text kept, status stopped', async () => {
  const b = bench();
  const stop = new AbortController();
  b.provider.script.push(heldUntilAbort('I will start by'));
  const running = b.runner.run(b.task({ signal: stop.signal }));
  await until(() => b.provider.requests.length === 1, 'the model call');
  stop.abort();
  const r = await running;
  assert.equal(r.status, 'stopped');
  assert.equal(r.steps, 1);
  assert.deepEqual(r.messages.at(-1), { role: 'assistant', content: 'I will start by' });
  assert.equal(b.records[0].outcome, 'cancelled');
  assert.deepEqual(b.outcomes[0].step, { taskId: 'task-1', step: 1, role: 'plan' }, 'a failed call carries its tag too');
  assert.deepEqual(b.events.at(-1), { type: 'done', status: 'stopped', message: 'Stopped.' });
});

test('Stop during a running tool: the tool sees the abort, later calls do not run, every call is answered', async () => {
  const b = bench();
  const stop = new AbortController();
  const w = waitingTool();
  const ran: string[] = [];
  b.provider.script.push(
    calls([
      ['wait', '{}'],
      ['read_file', '{"path":"a"}'],
    ]),
  );
  const running = b.runner.run(b.task({ signal: stop.signal, tools: [w.tool, readFileTool({ a: 'A' }, ran)] }));
  await w.started;
  stop.abort();
  const r = await running;
  assert.equal(r.status, 'stopped');
  assert.ok(w.sawAbort());
  assert.deepEqual(ran, []);
  assert.equal(b.provider.requests.length, 1);
  const results = r.messages.at(-1)!.toolResults!;
  assert.deepEqual(
    results.map((x) => [x.name, x.isError]),
    [
      ['wait', true],
      ['read_file', true],
    ],
  );
  assert.equal(results[1].content, 'Not finished: the user stopped the task.');
});

test('Stop while a tool ignores the signal: the task ends without waiting for it', async () => {
  const b = bench();
  const stop = new AbortController();
  let started = false;
  const stuck: AgentTool = {
    definition: { name: 'stuck', description: 'never ends', inputSchema: { type: 'object' } },
    readOnly: true,
    run: () => {
      started = true;
      return new Promise(() => undefined);
    },
  };
  b.provider.script.push(calls([['stuck', '{}']]));
  const running = b.runner.run(b.task({ signal: stop.signal, tools: [stuck] }));
  await until(() => started, 'the tool to start');
  stop.abort();
  assert.equal((await running).status, 'stopped');
});

test('approval: the wrapped approver emits an approval event (before asking), and the answer reaches the tool', async () => {
  const b = bench();
  const asked: ApprovalRequest[] = [];
  let eventsWhenAsked = 0;
  b.provider.script.push(calls([['run_command', '{"command":"npm test"}']]), answer('tests pass'));
  const r = await b.runner.run(
    b.task({
      tools: [commandTool()],
      approve: async (req) => {
        asked.push(req);
        eventsWhenAsked = b.events.filter((e) => e.type === 'approval').length;
        return { kind: 'command', run: false };
      },
    }),
  );
  assert.equal(r.status, 'finished');
  assert.deepEqual(asked, [{ kind: 'command', id: 'cmd-npm test', command: 'npm test', cwd: '' }]);
  assert.equal(eventsWhenAsked, 1);
  const approval = b.events.find((e) => e.type === 'approval');
  assert.deepEqual(approval, { type: 'approval', step: 1, request: asked[0] });
  const res = b.events.find((e) => e.type === 'toolResult');
  assert.deepEqual(res && [res.outcome, res.summary], ['rejected', 'The user rejected the command.']);
  assert.equal(b.policy.inputs[1].history[0].toolCalls[0].outcome, 'rejected');
  assert.equal(b.policy.inputs[1].history[0].role, 'plan');
});

test('tool results are redacted before any model sees them: a fake AWS key read from a file never reaches the provider', async () => {
  const b = bench();
  const file = 'const id = "AKIAIOSFODNN7EXAMPLE";\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
  b.provider.script.push(
    calls([['read_file', '{"path":"src/config.ts"}']]),
    calls([['read_file', '{"path":"src/config.ts"}']]),
    answer('ok'),
  );
  const r = await b.runner.run(b.task({ tools: [readFileTool({ 'src/config.ts': file })] }));
  assert.equal(r.status, 'finished');
  const sent = JSON.stringify(b.provider.requests.map((q) => q.messages));
  assert.doesNotMatch(sent, /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/);
  assert.match(sent, /«redacted:aws-access-key»/);
  assert.doesNotMatch(JSON.stringify(r.messages), /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/, 'nor the kept conversation');
  assert.doesNotMatch(JSON.stringify(b.events), /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/, 'nor the transcript');
});

test('a secret in the task request, or echoed in a tool call, is redacted by the gateway before it leaves', async () => {
  const b = bench();
  const key = 'AKIAIOSFODNN7EXAMPLE';
  b.provider.script.push(calls([['read_file', `{"path":"${key}"}`]]), answer('ok'));
  await b.runner.run(b.task({ messages: [{ role: 'user', content: `why does ${key} fail` }], tools: [readFileTool({})] }));
  const sent = JSON.stringify(b.provider.requests.map((q) => q.messages));
  assert.doesNotMatch(sent, new RegExp(key));
  assert.equal((sent.match(/«redacted:aws-access-key»/g) ?? []).length, 4, 'request twice, the call arguments, the result');
});

test('tool results are capped: a huge output reaches the model cut, saying so', async () => {
  const b = bench();
  const big = 'line of output\n'.repeat(20_000); // 300,000 characters
  b.provider.script.push(calls([['read_file', '{"path":"big.log"}']]), answer('ok'));
  await b.runner.run(b.task({ tools: [readFileTool({ 'big.log': big })] }));
  const content = b.provider.requests[1].messages.at(-1)!.toolResults![0].content;
  assert.ok(content.length < MAX_RESULT_CHARS + 100, `${content.length} characters`);
  assert.ok(content.startsWith(big.slice(0, MAX_RESULT_CHARS)));
  assert.match(content, /\[… output cut: 234464 more characters not shown\]$/);
});

test('an excluded file is refused before the tool runs (a path argument naming .env)', async () => {
  const b = bench();
  const ran: string[] = [];
  b.provider.script.push(calls([['read_file', '{"path":".env"}']]), answer('ok'));
  await b.runner.run(b.task({ tools: [readFileTool({ '.env': 'TOKEN=abc' }, ran)] }));
  assert.deepEqual(ran, []);
  const res = b.provider.requests[1].messages.at(-1)!.toolResults![0];
  assert.deepEqual([res.isError, res.content], [true, '.env is excluded by gearshift.exclude: no tool may read or change it.']);
  assert.equal(b.policy.inputs[1].history[0].toolCalls[0].outcome, 'refused');
});

test('the policy sees each finished step as StepFacts, with prompt tokens, files in play and edit sizes', async () => {
  const b = bench();
  b.provider.script.push(
    calls([
      ['read_file', '{"path":"a.ts"}'],
      ['read_file', '{"path":"b.ts"}'],
      ['read_file', '{"path":"a.ts"}'],
      ['read_file', '{"path":"missing.ts"}'],
    ]),
    calls([['propose_edits', '{"paths":["a.ts","b.ts"]}']]),
    answer('done'),
  );
  const r = await b.runner.run(b.task({ tools: [readFileTool({ 'a.ts': 'A', 'b.ts': 'B' }), editTool()] }));
  assert.equal(r.status, 'finished');
  const [first, second, third] = b.policy.inputs;
  assert.deepEqual([first.step, first.taskTier, first.history, first.filesInPlay], [1, 'cheap', [], 0]);
  // System prompt, two tool definitions and one short message: a few hundred tokens.
  assert.ok(first.promptTokens > 150 && first.promptTokens < 500, `first estimate ${first.promptTokens}`);
  assert.equal(second.filesInPlay, 2, 'a.ts and b.ts (read twice; the missing file does not count)');
  assert.deepEqual(second.history, [
    {
      step: 1,
      role: 'plan',
      tier: 'frontier',
      modelName: 'big',
      toolCalls: [
        { name: 'read_file', outcome: 'ok' },
        { name: 'read_file', outcome: 'ok' },
        { name: 'read_file', outcome: 'ok' },
        { name: 'read_file', outcome: 'toolError' },
      ],
      promptTokens: USAGE.input,
      usage: USAGE,
      costUsd: BIG_STEP_USD,
    },
  ]);
  // After exact usage, the next estimate is that prompt plus its answer plus what was added since.
  assert.ok(second.promptTokens > USAGE.input + USAGE.output && second.promptTokens < USAGE.input + USAGE.output + 200);
  assert.deepEqual(third.history[1].toolCalls, [{ name: 'propose_edits', outcome: 'ok', editFiles: 2 }]);
  assert.equal(third.history[1].role, 'recover', 'after the tool error of step 1');
});

test('a budget that blocks ends the task as blocked, with the budget message, before any model call', async () => {
  const b = bench({
    extra: { 'gearshift.budget': { dailyUsd: 1, onExceed: 'block' } },
    budget: { status: () => ({ dailyFraction: 1.5 }) },
  });
  const r = await b.runner.run(b.task());
  assert.equal(r.status, 'blocked');
  assert.match(r.message!, /daily budget of \$1 is used up/);
  assert.equal(b.provider.requests.length, 0);
  assert.deepEqual(b.outcomes[0].step, { taskId: 'task-1', step: 1, role: 'plan' });
  const end = b.events.find((e) => e.type === 'stepEnd');
  assert.deepEqual(end, { type: 'stepEnd', step: 1, modelName: '', error: r.message });
});

test('a failing model call ends the task as error with the gateway message; the text streamed so far is kept', async () => {
  const b = bench();
  b.provider.script.push(async (req) => {
    req.onDelta?.('Partial ');
    throw new ProviderError({ kind: 'badRequest', message: 'The model rejected the request: too many tools.', partialText: 'Partial ' });
  });
  const r = await b.runner.run(b.task());
  assert.equal(r.status, 'error');
  assert.equal(r.message, 'The model rejected the request: too many tools.');
  assert.deepEqual(r.messages.at(-1), { role: 'assistant', content: 'Partial ' });
  assert.equal(b.records[0].outcome, 'error:badRequest');
});

test('Restricted Mode: only read-only tools are offered, and a call to another one is refused without running', async () => {
  const b = bench({ deps: { trusted: () => false } });
  b.provider.script.push(calls([['run_command', '{"command":"rm -rf /"}']]), answer('ok'));
  let approvals = 0;
  const r = await b.runner.run(
    b.task({
      tools: [readFileTool({}), commandTool()],
      approve: async () => {
        approvals++;
        return { kind: 'command', run: true };
      },
    }),
  );
  assert.equal(r.status, 'finished');
  assert.deepEqual(
    b.provider.requests[0].tools?.map((t) => t.name),
    ['read_file'],
  );
  assert.equal(approvals, 0);
  const res = b.provider.requests[1].messages.at(-1)!.toolResults![0];
  assert.match(res.content, /run_command is not available in Restricted Mode/);
});

test('a tool that throws becomes a tool error result, and a listener that throws does not end the task', async () => {
  const b = bench();
  const broken: AgentTool = {
    definition: { name: 'broken', description: 'throws', inputSchema: { type: 'object' } },
    readOnly: true,
    run: () => Promise.reject(new Error('disk on fire')),
  };
  b.provider.script.push(calls([['broken', '']]), answer('ok'));
  const r = await b.runner.run(
    b.task({
      tools: [broken],
      onEvent: () => {
        throw new Error('UI bug');
      },
    }),
  );
  assert.equal(r.status, 'finished');
  assert.equal(b.provider.requests[1].messages.at(-1)!.toolResults![0].content, 'broken failed: disk on fire');
});

test("the user's model for the task answers the task-tier steps; planning still goes to frontier", async () => {
  const models = {
    small: { endpoint: 'mem', model: 'mem-small' },
    big: { endpoint: 'mem', model: 'mem-big' },
    other: { endpoint: 'mem', model: 'mem-other' },
  };
  const b = bench({ extra: { 'gearshift.tiers': { cheap: ['small', 'other'], frontier: ['big'] }, 'gearshift.models': models } });
  b.provider.script.push(calls([['read_file', '{"path":"a"}']]), answer('ok'));
  await b.runner.run(b.task({ tools: [readFileTool({ a: 'A' })], override: { model: 'other' } }));
  assert.deepEqual(
    b.provider.requests.map((q) => q.model),
    ['mem-big', 'mem-other'],
  );
});

test("an empty-handed conversation keeps the caller's messages untouched (the result is a new list)", async () => {
  const b = bench();
  const messages = [{ role: 'user' as const, content: 'hi' }];
  const r = await b.runner.run(b.task({ messages }));
  assert.equal(messages.length, 1);
  assert.equal(r.messages.length, 2);
  assert.equal(redactSecrets(r.messages[1].content).count, 0);
});
