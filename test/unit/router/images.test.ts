/**
 * Routing a message with images: only models that take images (their `vision` setting, else the catalog) may be in
 * the chain; Auto goes to a tier that has one ("image attached → frontier"); the user's own pick of a tier or model
 * without one is refused with a message rather than sent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IMAGE_HELP, Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { RouteRequest } from '../../../src/core/types';

const IMAGE = { mimeType: 'image/png' as const, data: 'iVBORw0KGgo=' };

function router(models: Record<string, unknown>, tiers: { cheap: string[]; frontier: string[] }, extra: Record<string, unknown> = {}) {
  const r = resolveSettings({
    user: { 'gearshift.models': models, 'gearshift.tiers': tiers, 'gearshift.routing': { chat: 'auto' }, ...extra },
    workspace: {},
  });
  assert.deepEqual(r.problems, []);
  return new Router(r.settings);
}

const MODELS = {
  coder: { endpoint: 'ollama', model: 'qwen2.5-coder:7b' },
  llava: { endpoint: 'ollama', model: 'llava:13b', vision: true },
  mini: { endpoint: 'openai', model: 'gpt-5-mini' },
  sonnet: { endpoint: 'anthropic', model: 'claude-sonnet-5' },
  local70: { endpoint: 'ollama', model: 'llama3.3:70b' },
};
const EASY = 'how do i reverse a list in python';
const withImage = (extra: Partial<RouteRequest> = {}): RouteRequest => ({
  task: 'chat',
  messages: [{ role: 'user', content: EASY, images: [IMAGE] }],
  ...extra,
});

test('without images nothing changes: an easy ask goes to the cheap text-only model', () => {
  const d = router(MODELS, { cheap: ['coder'], frontier: ['sonnet'] }).decide({
    task: 'chat',
    messages: [{ role: 'user', content: EASY }],
  });
  assert.equal(d.tier, 'cheap');
  assert.deepEqual(
    d.chain.map((m) => m.name),
    ['coder'],
  );
});

test('Auto routing with images: the tier that has an image model, the chain holding only image models', () => {
  const cases: { what: string; tiers: { cheap: string[]; frontier: string[] }; tier: string; chain: string[]; reason: RegExp }[] = [
    {
      what: 'only frontier takes images',
      tiers: { cheap: ['coder'], frontier: ['sonnet'] },
      tier: 'frontier',
      chain: ['sonnet'],
      reason: /^chat: image attached → frontier \(was: chat: .* → cheap/,
    },
    {
      what: 'cheap has one image model among text ones',
      tiers: { cheap: ['coder', 'mini'], frontier: ['sonnet'] },
      tier: 'cheap',
      chain: ['mini'],
      reason: /→ cheap/,
    },
    {
      what: 'a local model marked vision: true',
      tiers: { cheap: ['llava', 'coder'], frontier: ['sonnet'] },
      tier: 'cheap',
      chain: ['llava'],
      reason: /→ cheap/,
    },
    {
      what: 'frontier chain cut to its image models',
      tiers: { cheap: ['coder'], frontier: ['local70', 'sonnet'] },
      tier: 'frontier',
      chain: ['sonnet'],
      reason: /image attached → frontier/,
    },
  ];
  for (const c of cases) {
    const d = router(MODELS, c.tiers).decide(withImage());
    assert.equal(d.tier, c.tier, c.what);
    assert.deepEqual(
      d.chain.map((m) => m.name),
      c.chain,
      c.what,
    );
    assert.match(d.reason, c.reason, c.what);
    assert.equal(d.blocked, undefined, c.what);
  }
});

test('an image in an earlier turn keeps later turns on image models', () => {
  const r = router(MODELS, { cheap: ['coder'], frontier: ['sonnet'] });
  const d = r.decide({
    task: 'chat',
    messages: [
      { role: 'user', content: 'what is in this screenshot', images: [IMAGE] },
      { role: 'assistant', content: 'A stack trace.' },
      { role: 'user', content: 'thanks' },
    ],
  });
  assert.equal(d.tier, 'frontier');
  assert.deepEqual(
    d.chain.map((m) => m.name),
    ['sonnet'],
  );
});

test('a task route or rule to a tier without image models moves to the one with them', () => {
  const d = router(MODELS, { cheap: ['coder'], frontier: ['sonnet'] }, { 'gearshift.routing': { chat: 'cheap' } }).decide(withImage());
  assert.equal(d.tier, 'frontier');
  assert.match(d.reason, /image attached → frontier \(was: chat → cheap \(task route\)\)/);
});

test("the user's pick without an image model is refused with a message, never sent to a text-only model", () => {
  const r = router(MODELS, { cheap: ['coder'], frontier: ['sonnet'] });
  const tier = r.decide(withImage({ override: 'cheap' }));
  assert.equal(tier.chain.length, 0);
  assert.equal(tier.blocked, `no usable cheap model takes images, so this message was not sent. ${IMAGE_HELP}`);
  const model = r.decide(withImage({ override: { model: 'coder' } }));
  assert.equal(model.chain.length, 0);
  assert.match(model.blocked ?? '', /^coder does not take images, so this message was not sent/);
  const ok = r.decide(withImage({ override: { model: 'sonnet' } }));
  assert.deepEqual(
    ok.chain.map((m) => m.name),
    ['sonnet'],
  );
  assert.equal(ok.blocked, undefined);
});

test('no image model anywhere: refused with what to do', () => {
  const d = router(MODELS, { cheap: ['coder'], frontier: ['local70'] }).decide(withImage());
  assert.equal(d.chain.length, 0);
  assert.match(d.blocked ?? '', /No usable model takes images.*"vision": true/);
});

test('a budget downgrade to cheap keeps images off text-only models', () => {
  const s = resolveSettings({
    user: {
      'gearshift.models': MODELS,
      'gearshift.tiers': { cheap: ['coder'], frontier: ['sonnet'] },
      'gearshift.budget': { dailyUsd: 1, onExceed: 'downgrade' },
    },
    workspace: {},
  }).settings;
  const d = new Router(s, { budget: { status: () => ({ dailyFraction: 1.2 }) } }).decide(withImage());
  assert.ok(
    d.chain.every((m) => m.name !== 'coder'),
    `chain: ${d.chain.map((m) => m.name)}`,
  );
  assert.ok(d.blocked, 'refused rather than sent to a model without images');
});

test('gearshift.models: "vision" must be true or false', () => {
  const r = resolveSettings({
    user: { 'gearshift.models': { llava: { endpoint: 'ollama', model: 'llava:13b', vision: 'yes' } } },
    workspace: {},
  });
  assert.ok(
    r.problems.some((p) => p.setting === 'gearshift.models.llava.vision'),
    JSON.stringify(r.problems),
  );
  assert.equal(r.settings.models.llava?.vision, undefined, 'a bad value is not taken');
  const ok = resolveSettings({
    user: { 'gearshift.models': { llava: { endpoint: 'ollama', model: 'llava:13b', vision: true } } },
    workspace: {},
  });
  assert.equal(ok.settings.models.llava?.vision, true);
});
