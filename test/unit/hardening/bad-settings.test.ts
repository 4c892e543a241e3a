/**
 * Hostile settings: every file of test/data/bad-settings/*.jsonc goes through the CLI's loader (JSONC) and
 * resolveSettings at the level its first-line comment names ("// level: workspace — what it tries. expect: text").
 * Nothing may throw; some problem must name the offending setting (the "expect" text); the resolved settings must
 * still be usable (non-empty tiers of known models on known endpoints, finite non-negative numbers, no prototype
 * pollution, endpoints never changed by a workspace); and a Router built from them must answer every task.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { Router } from '../../../src/core/router/router';
import { loadSettingsFile, parseSettingsText } from '../../../src/core/settings/load';
import type { RawSettings, ResolvedSettings, SettingsProblem } from '../../../src/core/settings/model';
import { resolveSettings } from '../../../src/core/settings/resolve';
import { TASKS, TIERS, type RouteRequest } from '../../../src/core/types';

const DIR = path.join(__dirname, '../../../../test/data/bad-settings');
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.jsonc')).sort();
const DEFAULT_ENDPOINTS = resolveSettings({}).settings.endpoints;
let vectors = 0;

after(() => console.log(`bad settings: ${FILES.length} files and ${vectors} in-code vectors tried, each at its level (workspace files also untrusted)`));

interface Header {
  level: 'user' | 'workspace';
  tries: string;
  expect: string;
}

function header(file: string, text: string): Header {
  const m = /^\/\/ level: (user|workspace) — (.+?)\. expect: (.+)$/m.exec(text.split('\n')[0]);
  assert.ok(m, `${file}: first line must read "// level: user|workspace — what it tries. expect: text"`);
  return { level: m[1] as Header['level'], tries: m[2], expect: m[3].trim() };
}

const isOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);
const finiteNonNegative = (n: number | undefined): boolean => n === undefined || (Number.isFinite(n) && n >= 0);

/** What every resolved settings object must satisfy, however bad its input. */
function assertUsable(s: ResolvedSettings, where: string): void {
  for (const tier of TIERS) {
    assert.ok(s.tiers[tier].length > 0, `${where}: tier ${tier} is empty`);
    for (const name of s.tiers[tier]) {
      assert.equal(typeof name, 'string');
      assert.ok(isOwn(s.models, name), `${where}: tier ${tier} names '${name}', which is not a configured model`);
      const m = s.models[name];
      assert.equal(typeof m.model, 'string');
      assert.ok(isOwn(s.endpoints, m.endpoint), `${where}: model '${name}' is on unknown endpoint '${m.endpoint}'`);
    }
  }
  for (const r of s.rules) if (r.model) assert.ok(isOwn(s.models, r.model), `${where}: a rule names unknown model '${r.model}'`);
  for (const [name, m] of Object.entries(s.models)) assert.ok(isOwn(s.endpoints, m.endpoint), `${where}: model '${name}' is on unknown endpoint '${m.endpoint}'`);
  assert.ok(finiteNonNegative(s.budget.dailyUsd) && finiteNonNegative(s.budget.monthlyUsd), `${where}: budget ${JSON.stringify(s.budget)}`);
  assert.ok(Number.isFinite(s.completion.debounceMs) && s.completion.debounceMs >= 0 && s.completion.debounceMs <= 5000, `${where}: debounce ${s.completion.debounceMs}`);
  assert.ok(Number.isInteger(s.completion.maxTokens) && s.completion.maxTokens >= 1, `${where}: maxTokens ${s.completion.maxTokens}`);
  for (const v of Object.values(s.timeouts)) assert.ok(Number.isFinite(v) && v > 0, `${where}: timeouts ${JSON.stringify(s.timeouts)}`);
  for (const [k, p] of Object.entries(s.prices)) for (const v of Object.values(p)) assert.ok(finiteNonNegative(v as number), `${where}: price ${k} ${JSON.stringify(p)}`);
  for (const ep of Object.values(s.endpoints)) {
    if (ep.baseUrl) assert.match(ep.baseUrl, /^https?:\/\//i, `${where}: endpoint ${ep.name} has a non-http base URL`);
    for (const [h, v] of Object.entries(ep.headers ?? {})) assert.doesNotMatch(`${h}: ${v}`, /authorization|api[-_]?key|token|sk-live/i, `${where}: a credential header survived`);
  }
  for (const o of [s, s.models, s.endpoints, s.tiers, s.prices, s.completion.languages]) {
    assert.equal(Object.getPrototypeOf(o), Object.prototype, `${where}: an object's prototype was replaced`);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `${where}: Object.prototype was polluted`);
}

const DEFAULTS = resolveSettings({}).settings;

/** Untrusted, a workspace (over no user settings) can only make Gearshift send less, to fewer places, for less money. */
function assertNoDearerThanDefaults(s: ResolvedSettings, where: string): void {
  assert.deepEqual(s.models, DEFAULTS.models, `${where}: an untrusted workspace changed the models`);
  assert.deepEqual(s.tiers, DEFAULTS.tiers, `${where}: an untrusted workspace changed the tiers`);
  assert.deepEqual(s.prices, {}, `${where}: an untrusted workspace set prices`);
  const cost = { cheap: 0, auto: 1, frontier: 2 } as const;
  for (const task of TASKS) {
    assert.ok(cost[s.routing[task]] <= cost[DEFAULTS.routing[task]], `${where}: ${task} routed to ${s.routing[task]}`);
  }
  assert.ok(s.rules.every((r) => r.tier === 'cheap'), `${where}: an untrusted workspace kept a rule that is not cheap`);
  assert.ok(s.completion.maxTokens <= DEFAULTS.completion.maxTokens, `${where}: maxTokens raised`);
  assert.ok(s.completion.debounceMs >= DEFAULTS.completion.debounceMs, `${where}: debounce shortened`);
  for (const k of ['connectMs', 'firstTokenMs', 'idleMs'] as const) {
    assert.ok(s.timeouts[k] >= DEFAULTS.timeouts[k], `${where}: ${k} shortened`);
  }
  assert.ok(DEFAULTS.exclude.every((g) => s.exclude.includes(g)), `${where}: an untrusted workspace lifted an exclusion`);
}

/** A router over the settings answers every task (and picks of odd model names) without throwing. */
function assertRoutes(s: ResolvedSettings, where: string): void {
  const router = new Router(s);
  const reqs: RouteRequest[] = [
    ...TASKS.map((task): RouteRequest => ({ task, messages: [{ role: 'user', content: 'why does this deadlock under load?' }], language: 'rust', filePath: 'src/main.rs', conversationId: 'c' })),
    { task: 'completion', language: 'python', filePath: 'a.py' },
    ...['constructor', '__proto__', 'toString', 'frontier', 'no-such-model'].map((model): RouteRequest => ({ task: 'chat', messages: [{ role: 'user', content: 'hi' }], override: { model } })),
  ];
  for (const req of reqs) {
    const d = router.decide(req);
    assert.ok(TIERS.includes(d.tier), `${where}: tier ${d.tier}`);
    assert.ok(d.reason.length > 0);
    assert.ok(d.chain.length > 0 || d.blocked, `${where}: an empty chain must say why`);
    for (const m of d.chain) {
      assert.ok(isOwn(s.models, m.name) && s.models[m.name] === m, `${where}: the chain for ${JSON.stringify(req.override ?? req.task)} holds something that is not a configured model: ${String(m.name)}`);
    }
  }
}

/** Every object the loader returns has an ordinary prototype (a "__proto__" key must not replace it). Iterative: files nest deeply. */
function assertPlainTree(root: unknown, where: string): void {
  const stack = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const proto: unknown = Object.getPrototypeOf(v);
    assert.ok(proto === Object.prototype || proto === Array.prototype, `${where}: the loader returned an object with a foreign prototype`);
    stack.push(...Object.values(v));
  }
}

function problemsText(problems: SettingsProblem[]): string {
  return problems.map((p) => `[${p.level}] ${p.setting}: ${p.message}`).join('\n');
}

test('bad settings: the corpus of bad files is there (an empty folder would test nothing)', () => {
  assert.ok(FILES.length >= 20, `only ${FILES.length} files in ${DIR}`);
});

for (const file of FILES) {
  test(`bad settings: ${file}`, () => {
    const full = path.join(DIR, file);
    const text = fs.readFileSync(full, 'utf8');
    const h = header(file, text);
    // The CLI path: read and parse the JSONC file; both entry points agree.
    const loaded = loadSettingsFile(full);
    // (Compared as JSON: the 5000-level nesting of one file is deeper than deepEqual's recursion.)
    assert.equal(JSON.stringify(parseSettingsText(text, full)), JSON.stringify(loaded));
    assertPlainTree(loaded.values, file);
    const raw: RawSettings = { [h.level]: loaded.values };
    const variants: [string, boolean][] = h.level === 'workspace' ? [['trusted', true], ['untrusted', false]] : [['user', true]];
    for (const [name, trustedWorkspace] of variants) {
      const where = `${file} (${name})`;
      const { settings, problems } = resolveSettings(raw, { trustedWorkspace });
      const all = [...loaded.problems, ...problems];
      assert.ok(all.length > 0, `${where}: no problem reported for: ${h.tries}`);
      assert.ok(
        all.some((p) => p.message.includes(h.expect) || p.setting.includes(h.expect)),
        `${where}: no problem names "${h.expect}". Problems:\n${problemsText(all)}`,
      );
      for (const p of all) {
        assert.ok(p.message.length > 10 && p.setting.length > 0, `${where}: vague problem ${JSON.stringify(p)}`);
        if (p.level !== 'file') assert.equal(p.level, h.level, `${where}: problem at the wrong level: ${p.message}`);
      }
      assertUsable(settings, where);
      if (h.level === 'workspace') assert.deepEqual(settings.endpoints, DEFAULT_ENDPOINTS, `${where}: a workspace changed the endpoints`);
      if (!trustedWorkspace) assertNoDearerThanDefaults(settings, where);
      assertRoutes(settings, where);
    }
  });
}

test('bad settings: values no JSON file can hold (cycles, symbols, bigints, NaN, null-prototype objects) never throw', () => {
  const cyclic: Record<string, unknown> = { endpoint: 'openai' };
  cyclic.model = cyclic;
  const bare = Object.create(null) as Record<string, unknown>;
  bare.cheap = ['mini', 'nope'];
  const cases: Record<string, unknown>[] = [
    { 'gearshift.models': { loop: cyclic }, 'gearshift.tiers': { cheap: ['loop'] } },
    { 'gearshift.tiers': { cheap: [Symbol('mini')], frontier: [10n] } },
    { 'gearshift.budget': { dailyUsd: NaN, monthlyUsd: -0 }, 'gearshift.completion.debounceMs': Infinity },
    { 'gearshift.tiers': bare, 'gearshift.routing': Object.create(null) as object },
    { 'gearshift.exclude': [, '**/.env', undefined], 'gearshift.rules': [[], () => 'frontier'] },
    { 'gearshift.models': new Map([['mini', { endpoint: 'openai', model: 'x' }]]), 'gearshift.tiers': { cheap: ['mini', new Date(0)] } },
    Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`gearshift.junk${i}`, i])),
    // What JSON.parse (and VS Code's settings) produce: "__proto__" as an own key.
    JSON.parse('{"gearshift.prices": {"__proto__": {"input": 0}}, "gearshift.completion.languages": {"__proto__": true}, "gearshift.models": {"__proto__": {"endpoint": "openai", "model": "x"}}}') as Record<string, unknown>,
  ];
  for (const [i, values] of cases.entries()) {
    for (const level of ['user', 'workspace'] as const) {
      vectors++;
      const where = `vector ${i} (${level})`;
      const { settings, problems } = resolveSettings({ [level]: values });
      assert.ok(problems.length > 0, `${where}: reported`);
      assert.ok(problems.every((p) => p.setting.startsWith('gearshift.')), `${where}: every problem names its setting`);
      assertUsable(settings, where);
      assertRoutes(settings, where);
    }
  }
});
