import * as assert from 'node:assert/strict';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

async function statusText(): Promise<string> {
  const items = await ui.query('.statusbar-item');
  return items.map((i) => i.text).find((t) => /\$\d+\.\d+ today/.test(t)) ?? '';
}

describe('cost status bar', () => {
  it('moves when a call against the fake server finishes, by exactly what the call cost', async () => {
    const { fake, api } = await useFakeProvider();
    await api.cost.whenLoaded(); // the first ledger read is asynchronous: totals are complete from then on
    const before = api.cost.summary().today.costUsd;
    const isThisCall = (r: { model: string; usage: { input: number } }) => r.model === 'gpt-5-mini' && r.usage.input === 2_000_000;
    const recordsBefore = (await api.cost.readAll()).filter(isThisCall).length;
    // gpt-5-mini: $0.25 per million input, $2.00 per million output → 2M fresh input + 100k output = $0.70.
    fake.script({ text: 'priced reply', usage: { input: 2_000_000, output: 100_000 } });
    const outcome = await api.gateway.send({
      conversationId: 'cost-test',
      messages: [{ role: 'user', content: 'rename x to y' }],
      attachments: [],
      override: 'cheap',
    });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.ok(Math.abs((outcome.costUsd ?? 0) - 0.7) < 1e-9, `cost ${outcome.costUsd}`);
    const expected = `$${(before + 0.7).toFixed(2)} today`;
    const text = await eventually(
      async () => ((await statusText()).includes(expected) ? statusText() : undefined),
      `status bar to show ${expected}`,
    );
    assert.match(text, /\$\(pulse\)|\$\d/);
    const records = await api.cost.readAll();
    const mine = records.filter(isThisCall);
    assert.equal(mine.length, recordsBefore + 1, 'one ledger record for the call');
    assert.equal(mine[mine.length - 1].outcome, 'ok');
  });
});
