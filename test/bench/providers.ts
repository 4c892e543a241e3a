/**
 * Provider-layer overhead: time to first token and total time through Gearshift's providers versus the same
 * official SDK called directly, against the same fake server (20-chunk streamed reply with usage). Runs are
 * interleaved, alternating which goes first, after a warm-up so drift and load hit both equally; the rows are the
 * ratio of medians and the median added time per call. The fake answers instantly, so the ratio is the strictest
 * possible view of the layer's overhead (against a real server's latency it vanishes).
 */
import Anthropic from '@anthropic-ai/sdk';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import OpenAI from 'openai';
import { createProvider, type Provider } from '../../src/core/providers';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeServer } from '../fakes';
import { median } from './stats';
import type { BenchRow } from './types';

const RUNS = 200;
const WARMUP = 20;
const TARGET = 1.05;
const KEY = 'sk-bench-key';
const PROMPT = 'Write a haiku about routers.';

interface Timing {
  ttft: number;
  total: number;
}

type Runner = () => Promise<Timing>;

async function timed(run: (onText: () => void) => Promise<void>): Promise<Timing> {
  const t0 = performance.now();
  let ttft = NaN;
  await run(() => {
    if (Number.isNaN(ttft)) ttft = performance.now() - t0;
  });
  return { ttft, total: performance.now() - t0 };
}

function ours(provider: Provider, model: string): Runner {
  return () =>
    timed(async (onText) => void (await provider.chat({ model, messages: [{ role: 'user', content: PROMPT }], onDelta: onText })));
}

function rawOpenAI(fake: FakeServer): Runner {
  const client = new OpenAI({ apiKey: KEY, baseURL: `${fake.url}/v1`, maxRetries: 0, logLevel: 'off' });
  return () =>
    timed(async (onText) => {
      const stream = await client.chat.completions.create({
        model: 'gpt-fake-mini',
        messages: [{ role: 'user', content: PROMPT }],
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) onText();
    });
}

function rawAnthropic(fake: FakeServer): Runner {
  const client = new Anthropic({ apiKey: KEY, baseURL: fake.url, maxRetries: 0, logLevel: 'off' });
  return () =>
    timed(async (onText) => {
      const stream = await client.messages.create({
        model: 'claude-fake',
        max_tokens: 8192,
        messages: [{ role: 'user', content: PROMPT }],
        stream: true,
      });
      for await (const ev of stream) if (ev.type === 'content_block_delta') onText();
    });
}

function rawBedrock(fake: FakeServer): Runner {
  const client = new BedrockRuntimeClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: FAKE_AWS_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
  return () =>
    timed(async (onText) => {
      const res = await client.send(new ConverseStreamCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: PROMPT }] }] }));
      for await (const ev of res.stream ?? []) if (ev.contentBlockDelta?.delta?.text) onText();
    });
}

async function compare(name: string, fake: FakeServer, raw: Runner, mine: Runner): Promise<BenchRow[]> {
  fake.setDefault({ chunks: Array.from({ length: 20 }, (_, i) => `token${i} `), usage: { input: 20, output: 20 } });
  for (let i = 0; i < WARMUP; i++) {
    await raw();
    await mine();
  }
  const r: Timing[] = [];
  const m: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2) {
      r.push(await raw());
      m.push(await mine());
    } else {
      m.push(await mine());
      r.push(await raw());
    }
    fake.reset();
  }
  const row = (what: 'ttft' | 'total', label: string): BenchRow => {
    const a = median(r.map((t) => t[what]));
    const b = median(m.map((t) => t[what]));
    const ratio = b / a;
    return {
      area: 'providers',
      name: `${name} ${label}: Gearshift / raw SDK (median of ${RUNS})`,
      value: `${ratio.toFixed(3)} (${b.toFixed(2)} vs ${a.toFixed(2)} ms)`,
      target: `≤ ${TARGET}`,
      ok: ratio <= TARGET,
    };
  };
  const added = median(m.map((t, i) => t.total - r[i].total)) * 1000;
  return [
    row('ttft', 'time to first token'),
    row('total', 'total time'),
    { area: 'providers', name: `${name} added time per call (median of paired runs)`, value: `${added.toFixed(0)} µs` },
  ];
}

export async function rows(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const key = async () => KEY;
  const oa = await startFakeOpenAI();
  try {
    out.push(
      ...(await compare(
        'OpenAI',
        oa,
        rawOpenAI(oa),
        ours(createProvider({ name: 'bench-openai', kind: 'openai', baseUrl: `${oa.url}/v1` }, key), 'gpt-fake-mini'),
      )),
    );
  } finally {
    await oa.close();
  }
  const an = await startFakeAnthropic();
  try {
    out.push(
      ...(await compare(
        'Anthropic',
        an,
        rawAnthropic(an),
        ours(createProvider({ name: 'bench-anthropic', kind: 'anthropic', baseUrl: an.url }, key), 'claude-fake'),
      )),
    );
  } finally {
    await an.close();
  }
  const br = await startFakeBedrock();
  try {
    const provider = createProvider({ name: 'bench-bedrock', kind: 'bedrock', baseUrl: br.url, region: 'us-east-1' }, key, {
      awsCredentials: FAKE_AWS_CREDENTIALS,
    });
    out.push(...(await compare('Bedrock', br, rawBedrock(br), ours(provider, 'm'))));
  } finally {
    await br.close();
  }
  return out;
}
