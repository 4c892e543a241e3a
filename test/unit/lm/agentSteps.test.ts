/**
 * Steps of VS Code's agent as Gearshift's language-model provider sees them: one request per step, no ids. A request
 * with no tool calls since the last user text is step 1 of a new task; later steps find their task by its first
 * tool call's id; the step number counts tool-call turns; an error result makes the next step a recovery; the task's
 * tier is classified once; Gearshift Cheap / Frontier keep every step on their tier.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStepPolicy } from '../../../src/core/agent/stepPolicy';
import { LmAgentSteps, stepCalls, taskStart } from '../../../src/core/lm/agentSteps';
import { Router } from '../../../src/core/router/router';
import { defaultSettings } from '../../../src/core/settings/defaults';
import { emptyUsage, type ChatMessage, type GatewayOutcome, type RouteRequest } from '../../../src/core/types';

function planner() {
  const router = new Router(defaultSettings());
  const decided: RouteRequest[] = [];
  let n = 0;
  const steps = new LmAgentSteps({
    router: {
      decide: (req) => {
        decided.push(req);
        return router.decide(req);
      },
      decideStep: (tier, reason) => router.decideStep(tier, reason),
    },
    policy: createStepPolicy(),
    newTaskId: () => `task${++n}`,
  });
  return { steps, decided };
}

const ask = (content: string): ChatMessage => ({ role: 'user', content });
const calls = (...ids: string[]): ChatMessage => ({
  role: 'assistant',
  content: '',
  toolCalls: ids.map((id) => ({ id, name: id.startsWith('run') ? 'run_command' : 'search_text', arguments: '{}' })),
});
const results = (...r: [string, boolean?][]): ChatMessage => ({
  role: 'user',
  content: '',
  toolResults: r.map(([callId, isError]) => ({ callId, name: 'x', content: 'out', ...(isError ? { isError } : {}) })),
});
function answered(toolCallIds: string[], modelName = 'sonnet'): GatewayOutcome {
  return {
    decision: { tier: 'frontier', chain: [], reason: '', source: 'step' },
    modelName,
    endpoint: 'anthropic',
    fallbacks: [],
    result: {
      text: '',
      usage: { ...emptyUsage(), input: 2000, output: 50 },
      estimated: false,
      totalMs: 5,
      toolCalls: toolCallIds.map((id) => ({ id, name: 'search_text', arguments: '{}' })),
    },
    costUsd: 0.01,
  };
}

test('a task over four requests: one task id, steps 1–4, roles from what came back, classified once', () => {
  const { steps, decided } = planner();
  const m: ChatMessage[] = [ask('Why does the login test fail?')];
  const p1 = steps.plan(m, { promptTokens: 500 });
  assert.deepEqual(p1.tag, { taskId: 'task1', step: 1, role: 'plan' });
  assert.equal(p1.decision.source, 'step');
  assert.match(p1.decision.reason, /^step 1 · frontier · planning/);
  steps.finished(p1, answered(['s1']), 500);

  m.push(calls('s1'), results(['s1']));
  const p2 = steps.plan(m, { promptTokens: 900 });
  assert.equal(p2.tag.taskId, 'task1');
  assert.equal(p2.tag.step, 2);
  assert.notEqual(p2.tag.role, 'recover');
  steps.finished(p2, answered(['run1'], 'mini'), 900);

  m.push(calls('run1'), results(['run1', true]));
  const p3 = steps.plan(m, { promptTokens: 1200 });
  assert.deepEqual(p3.tag, { taskId: 'task1', step: 3, role: 'recover' });
  assert.equal(p3.choice.tier, 'frontier');
  assert.match(p3.decision.reason, /^step 3 · frontier · after/);
  steps.finished(p3, answered(['s2']), 1200);

  m.push(calls('s2'), results(['s2']));
  assert.deepEqual(steps.plan(m, { promptTokens: 1500 }).tag.step, 4);
  assert.equal(decided.length, 1, 'the task was classified once');
  assert.equal(decided[0].task, 'agent');
  assert.deepEqual(decided[0].messages, [ask('Why does the login test fail?')]);
  assert.equal(steps.taskInfo('task1')?.taskTier, p1.taskTier);
});

test('a new user request in the same conversation is a new task; so is the same request sent again', () => {
  const { steps } = planner();
  const m: ChatMessage[] = [ask('first')];
  const a = steps.plan(m, { promptTokens: 10 });
  steps.finished(a, answered(['c1']), 10);
  m.push(calls('c1'), results(['c1']), { role: 'assistant', content: 'done' }, ask('now the second thing'));
  const b = steps.plan(m, { promptTokens: 10 });
  assert.deepEqual([b.tag.taskId, b.tag.step, b.tag.role], ['task2', 1, 'plan']);
  assert.equal(steps.plan([ask('first')], { promptTokens: 10 }).tag.taskId, 'task3');
});

test('a task this process does not remember (a reload) gets a new id at its step number, kept for its later steps', () => {
  const { steps } = planner();
  const m: ChatMessage[] = [ask('go'), calls('old1'), results(['old1']), calls('old2'), results(['old2'])];
  const p = steps.plan(m, { promptTokens: 10 });
  assert.deepEqual([p.tag.taskId, p.tag.step], ['task1', 3]);
  steps.finished(p, answered(['old3']), 10);
  m.push(calls('old3'), results(['old3']));
  assert.deepEqual([steps.plan(m, { promptTokens: 10 }).tag.taskId, steps.plan(m, { promptTokens: 10 }).tag.step], ['task1', 4]);
});

test('Gearshift Cheap keeps even the planning step on cheap, and says so', () => {
  const { steps, decided } = planner();
  const p = steps.plan([ask('go')], { override: 'cheap', promptTokens: 10 });
  assert.equal(p.tag.role, 'plan');
  assert.equal(p.choice.tier, 'cheap');
  assert.equal(p.decision.tier, 'cheap');
  assert.match(p.decision.reason, /^step 1 · cheap · planning; kept on cheap \(Gearshift Cheap\)$/);
  assert.equal(decided[0].override, 'cheap');
});

test('where a task starts and what became of each step’s calls', () => {
  const m: ChatMessage[] = [ask('a'), calls('x'), results(['x', true]), calls('y', 'z'), results(['y'], ['z'])];
  assert.equal(taskStart(m), 0);
  assert.deepEqual(stepCalls(m, 0), [
    [{ name: 'search_text', outcome: 'toolError' }],
    [
      { name: 'search_text', outcome: 'ok' },
      { name: 'search_text', outcome: 'ok' },
    ],
  ]);
  assert.equal(taskStart([...m, ask('b')]), 5);
  assert.equal(taskStart([{ role: 'user', content: '', images: [{ mimeType: 'image/png', data: 'AA==' }] }, calls('q')]), 0);
  assert.equal(taskStart([results(['q'])]), 0);
});
