/** "Explain Last Routing Decision" on an agent step: task id, step, role, the step's reason and the task's tier. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainDecision } from '../../../src/core/router/explain';
import { TaskTiers } from '../../../src/core/router/taskTiers';
import type { DecisionLog } from '../../../src/core/gateway/gateway';

const chain = [{ name: 'mini', endpoint: 'openai', model: 'gpt-5-mini' }];

test('an agent step: task, step, role, reason and the task’s tier classification', () => {
  const tiers = new TaskTiers();
  tiers.remember('k3Jd9x', 'cheap', 'agent: plain ask → cheap (score 0.21)');
  const d: DecisionLog = {
    time: Date.UTC(2026, 10, 5, 10),
    task: 'agent',
    decision: { tier: 'cheap', chain, reason: 'step 4 · cheap · reading search results', source: 'step' },
    modelName: 'mini',
    fallbacks: [],
    step: { taskId: 'k3Jd9x', step: 4, role: 'digest' },
  };
  const text = explainDecision(d, { taskTier: (id) => tiers.get(id), priceOf: () => 'exact' });
  const lines = text.split('\n');
  assert.match(lines[0], /^agent step 4 at .*: cheap tier \(step\)$/);
  assert.equal(lines[1], 'Task: k3Jd9x · step 4 · role digest');
  assert.equal(lines[2], 'Task tier: cheap (classified once, from its first request: agent: plain ask → cheap (score 0.21))');
  assert.equal(lines[3], 'Reason: step 4 · cheap · reading search results');
  assert.ok(lines.includes('Answered by: mini'));
  assert.match(explainDecision(d), /Task tier: not known in this window/);
});

test('a chat decision is explained as before, without task lines', () => {
  const d: DecisionLog = {
    time: 0,
    task: 'chat',
    decision: { tier: 'frontier', chain, reason: 'chat: stack trace → frontier (score 0.81)', source: 'classifier' },
    fallbacks: ['sonnet rate-limited → mini'],
  };
  const text = explainDecision(d);
  assert.match(text, /^chat at .*: frontier tier \(classifier\)\nReason: chat: stack trace/);
  assert.doesNotMatch(text, /Task/);
  assert.match(text, /Fallback: sonnet rate-limited → mini/);
  assert.equal(explainDecision(undefined), 'No request has been routed in this window yet.');
});

test('a cache-aware stay, its preference and an escalation are explained', () => {
  const d: DecisionLog = {
    time: 0,
    task: 'chat',
    decision: {
      tier: 'frontier',
      chain,
      reason: 'chat → frontier: stayed on sonnet: cached prefix, $0.004 vs $0.011 on haiku',
      source: 'sticky',
      preference: 'quality',
      escalation: 'retry',
    },
    fallbacks: [],
  };
  const lines = explainDecision(d).split('\n');
  assert.match(lines[0], /frontier tier \(sticky\)$/);
  assert.equal(lines[1], 'Reason: chat → frontier: stayed on sonnet: cached prefix, $0.004 vs $0.011 on haiku');
  assert.equal(lines[2], 'Preference: quality');
  assert.equal(lines[3], 'Escalated: Retry with frontier');
});
