import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentTrace } from '../../bench/agentTrace';

test('the agent bench trace: reproducible, ≥ 30 tasks of 5–20 steps, tool output of realistic size, some trouble', () => {
  const trace = agentTrace();
  assert.deepEqual(agentTrace(), trace, 'the same seed gives the same trace');
  assert.notDeepEqual(agentTrace(7, trace.length), trace, 'another seed gives another trace');
  assert.ok(trace.length >= 30);
  for (const t of trace) {
    assert.ok(t.steps.length >= 5 && t.steps.length <= 20, `${t.id}: ${t.steps.length} steps`);
    assert.equal(t.steps.at(-1)!.calls.length, 0, `${t.id} ends with an answer`);
    assert.ok(
      t.steps.slice(0, -1).every((s) => s.calls.length > 0),
      `${t.id}: every other step calls a tool`,
    );
  }
  const calls = trace.flatMap((t) => t.steps.flatMap((s) => s.calls));
  const reads = calls.filter((c) => c.kind === 'read' && c.outcome === 'ok' && c.read);
  assert.ok(
    reads.every((c) => c.result.length >= 1000 && c.result.length <= 20_000),
    'file reads of 1–20 KB',
  );
  for (const kind of ['toolError', 'commandFailed', 'rejected', 'badArguments', 'refused'] as const) {
    assert.ok(
      calls.some((c) => c.outcome === kind),
      `some ${kind}`,
    );
  }
  assert.ok(
    calls
      .filter((c) => c.outcome === 'badArguments')
      .every((c) => {
        try {
          JSON.parse(c.args);
          return false;
        } catch {
          return true;
        }
      }),
    'malformed arguments are not JSON',
  );
});
