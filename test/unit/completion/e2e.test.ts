import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionEngine } from '../../../src/core/completion/engine';
import type { CompletionOutcome } from '../../../src/core/completion/types';
import { createProvider } from '../../../src/core/providers';
import type { ModelConfig } from '../../../src/core/types';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes';
import { decision } from './fakeProvider';
import { atCursor } from './helpers';

/** The engine driving the real OpenAI-SDK provider against a fake OpenAI-compatible server on 127.0.0.1. */
let fake: FakeOpenAI;
before(async () => (fake = await startFakeOpenAI()));
after(() => fake.close());

const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GH = 'ghp_1234567890abcdefghijABCDEFGHIJ123456';
const MARKER = 'excludedFileMarker_7731';

function engineFor(model: ModelConfig, records: CompletionOutcome[] = []): CompletionEngine {
  const provider = createProvider({ name: 'fake', kind: 'openai', baseUrl: `${fake.url}/v1` }, async () => 'sk-test-key-for-the-fake-0000', { maxRetries: 0 });
  return new CompletionEngine({ route: () => decision([model]), provider: () => provider, record: (o) => records.push(o), options: { debounceMs: 0 } });
}

const { text, offset } = atCursor(
  [
    `const awsKey = "${AWS_ID}";`,
    `// aws_secret_access_key = ${AWS_SECRET}`,
    'export function connect(region: string) {',
    '  const client = createClient(awsKey, region);',
    '  return |',
    '}',
  ].join('\n'),
);
const others = [
  { path: 'src/client.ts', languageId: 'typescript', text: `export function createClient(awsKey: string, region: string) {\n` +
      `  const token = "${GH}";\n  return new Client(awsKey, region, token);\n}` },
  { path: 'config/.env.ts', languageId: 'typescript', text: `const ${MARKER} = createClient(awsKey, region);\nexport function connect(region: string) {}` },
];

function sentText(): string {
  assert.equal(fake.requests.length, 1);
  return fake.requests[0].rawBody;
}

test('raw FIM through the OpenAI SDK: the request holds no secret and nothing from excluded files', async () => {
  fake.reset();
  fake.script({ text: 'client;\n}\n' });
  const records: CompletionOutcome[] = [];
  const engine = engineFor({ name: 'coder', endpoint: 'fake', model: 'qwen2.5-coder:1.5b' }, records);
  const s = await engine.complete({ document: { path: 'src/connect.ts', languageId: 'typescript', text, offset }, others });
  assert.equal(s?.text, 'client;');
  assert.equal(fake.requests[0].path, '/v1/completions');
  const body = sentText();
  for (const secret of [AWS_ID, AWS_SECRET, GH, MARKER]) assert.ok(!body.includes(secret), `${secret} leaked`);
  assert.ok(body.includes('«redacted:aws-access-key»') && body.includes('«redacted:github-token»'));
  assert.ok(body.includes('<|file_sep|>src/client.ts'), 'the similar open file is in the prompt');
  engine.accept(s!.id);
  assert.equal(records[0].status, 'accepted');
  assert.equal(records[0].usage.input, 12, 'usage as the server reported it');
  assert.equal(records[0].estimated, false);
});

test('hole-filling chat through the OpenAI SDK: the messages hold no secret', async () => {
  fake.reset();
  fake.script({ text: '```ts\nclient;\n```' });
  const engine = engineFor({ name: 'mini', endpoint: 'fake', model: 'gpt-5-mini' });
  const s = await engine.complete({ document: { path: 'src/connect.ts', languageId: 'typescript', text, offset }, others });
  assert.equal(s?.text, 'client;');
  assert.equal(fake.requests[0].path, '/v1/chat/completions');
  const body = sentText();
  for (const secret of [AWS_ID, AWS_SECRET, GH, MARKER]) assert.ok(!body.includes(secret), `${secret} leaked`);
  assert.ok(body.includes('<HOLE>'));
});

test('a superseded request is aborted at the HTTP level', async () => {
  fake.reset();
  fake.script({ text: 'slow answer', latencyMs: 3000 }, { text: 'x;' });
  const records: CompletionOutcome[] = [];
  const engine = engineFor({ name: 'coder', endpoint: 'fake', model: 'qwen2.5-coder:1.5b' }, records);
  const first = engine.complete({ document: { path: 'src/connect.ts', languageId: 'typescript', text, offset }, others });
  while (fake.requests.length < 1) await new Promise((r) => setTimeout(r, 5));
  const closed = fake.nextClientClose();
  const second = await engine.complete({ document: { path: 'src/other.ts', languageId: 'typescript', text: 'let y = ', offset: 8 } });
  await closed;
  assert.equal(await first, undefined);
  assert.equal(second?.text, 'x;');
  assert.equal(fake.requests[0].clientClosedEarly, true);
  assert.equal(records[0].status, 'cancelled');
});
