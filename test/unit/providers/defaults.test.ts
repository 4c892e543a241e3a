/**
 * The built-in default models, held to the rules that keep them from rotting (see settings/defaults.ts): every
 * provider id is in its installed SDK's model list, absent from the Anthropic SDK's deprecation table, and priced
 * by an exact entry of the installed price catalog. Checked against the installed packages, so an SDK or catalog
 * update that retires or re-prices a default fails here, before a user meets it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { calcPrice as CalcPrice } from '@pydantic/genai-prices';
import { anthropicIdOf, deprecationOf } from '../../../src/core/providers/deprecations';
import { isLoopbackHost } from '../../../src/core/providers/plainHttp';
import { BUILTIN_ENDPOINTS, DEFAULT_MODELS, defaultSettings } from '../../../src/core/settings/defaults';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { calcPrice } = require('@pydantic/genai-prices') as { calcPrice: typeof CalcPrice };

/** The string literals of `export type NAME = 'a' | 'b' | …` in a package's declaration file. */
function typeUnion(pkg: string, file: string, name: string): Set<string> {
  const dir = path.dirname(require.resolve(pkg));
  const src = fs.readFileSync(path.join(dir, file), 'utf8');
  const decl = new RegExp(`export type ${name} = ([^;]*);`).exec(src)?.[1];
  assert.ok(decl, `no type ${name} in ${pkg}/${file}`);
  return new Set([...decl.matchAll(/'([^']+)'/g)].map((m) => m[1]));
}

const OPENAI_MODELS = typeUnion('openai', 'resources/shared.d.ts', 'ChatModel');
const ANTHROPIC_MODELS = typeUnion('@anthropic-ai/sdk', 'resources/messages/messages.d.ts', 'Model');

/** The catalog entry that must price a default exactly (not a looser match lending another model's price). */
function expectedCatalogId(kind: string, id: string): string {
  if (kind !== 'bedrock') return id;
  return id.startsWith('global.') ? id : id.replace(/^[a-z]{2,4}(?:-gov)?\./, 'regional.');
}

const PROVIDER_ID = { openai: 'openai', anthropic: 'anthropic', bedrock: 'aws' } as const;

const paid = Object.values(DEFAULT_MODELS).filter((m) => !BUILTIN_ENDPOINTS[m.endpoint].local);

test('every paid default is in its SDK’s model list (a Bedrock id through its Claude model)', () => {
  for (const m of paid) {
    const kind = BUILTIN_ENDPOINTS[m.endpoint].kind;
    if (kind === 'openai') assert.ok(OPENAI_MODELS.has(m.model), `${m.name}: ${m.model} is not in openai's ChatModel`);
    else {
      const claude = anthropicIdOf(kind, m.model);
      assert.ok(claude && ANTHROPIC_MODELS.has(claude), `${m.name}: ${m.model} (${claude}) is not in Anthropic's Model`);
    }
  }
});

test('no default is in the Anthropic SDK’s deprecation table, at any date', () => {
  for (const m of Object.values(DEFAULT_MODELS)) {
    const d = deprecationOf(BUILTIN_ENDPOINTS[m.endpoint].kind, m.model);
    assert.equal(d, undefined, `${m.name}: ${m.model} reaches end of life on ${d?.endOfLife}; choose a current model`);
  }
});

test('every paid default is priced today by its own exact catalog entry', () => {
  const now = new Date();
  for (const m of paid) {
    const kind = BUILTIN_ENDPOINTS[m.endpoint].kind;
    const r = calcPrice({ input_tokens: 1_000, output_tokens: 1_000 }, m.model, { providerId: PROVIDER_ID[kind], timestamp: now });
    assert.ok(r, `${m.name}: ${m.model} is unpriced in the catalog`);
    assert.equal(r.model.id, expectedCatalogId(kind, m.model), `${m.name}: ${m.model} is priced as ${r.model.id}, a looser match`);
    assert.ok(r.total_price > 0, `${m.name}: a price of $0`);
  }
});

test('the local default is free, on this machine, and first in the cheap tier', () => {
  const s = defaultSettings();
  const local = DEFAULT_MODELS['local-coder'];
  const ep = BUILTIN_ENDPOINTS[local.endpoint];
  assert.equal(ep.local, true);
  assert.ok(ep.baseUrl && isLoopbackHost(new URL(ep.baseUrl).hostname));
  assert.equal(s.tiers.cheap[0], 'local-coder');
  for (const tier of Object.values(s.tiers)) for (const name of tier) assert.ok(s.models[name], `tier names unknown model ${name}`);
});

test('the exact ids chosen on 2026-12-01 (README "Why these defaults")', () => {
  assert.deepEqual(Object.fromEntries(Object.values(DEFAULT_MODELS).map((m) => [m.name, m.model])), {
    'local-coder': 'qwen2.5-coder:7b',
    mini: 'gpt-5.6-luna',
    haiku: 'claude-haiku-4-5',
    'bedrock-haiku': 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    sonnet: 'claude-sonnet-5',
    'gpt-5': 'gpt-5.6-sol',
    'bedrock-sonnet': 'us.anthropic.claude-sonnet-5-v1:0',
  });
});
