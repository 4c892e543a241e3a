/**
 * Whatever a tool gives back, what goes into the task's messages is redacted and capped: random outputs (awkward
 * pieces, random text, real secret shapes on their own lines, any length) with random caps, through sealToolOutput
 * and through the whole loop to the provider.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { sealToolOutput } from '../../../src/core/agent/toolOutput';
import { redactSecrets } from '../../../src/core/privacy/redact';
import { isHigh, piece } from '../props/arbitraries';
import { answer, bench, calls, readFileTool } from './harness';

/** [a line as it appears in a file, the secret in it that must never come back]. */
const SECRET_LINES: [string, string][] = [
  // (Not the AKIA… sample: the shared pieces glue it to other text, where by design it is no longer a key.)
  ['AWS_ACCESS_KEY_ID=ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
  ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  [`apiKey: 'sk-ant-api03-${'FakeEXAMPLE0123456789_-'.repeat(4)}AA'`, `sk-ant-api03-${'FakeEXAMPLE0123456789_-'.repeat(4)}AA`],
  ['OPENAI_API_KEY=sk-FakeEXAMPLE0123456T3BlbkFJFakeEXAMPLE0123456', 'FakeEXAMPLE0123456T3BlbkFJFakeEXAMPLE0123456'],
  ['ghp_FakeEXAMPLE0123456789notRealKeyTESTx', 'ghp_FakeEXAMPLE0123456789notRealKeyTESTx'],
];

const NOTE = /\n\[… output cut: \d+ more characters not shown\]$/;

/** Tool output: pieces, random text and secret lines (a secret always on a line of its own). */
const output = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: piece },
      { weight: 1, arbitrary: fc.constantFrom(...SECRET_LINES.map(([line]) => `\n${line}\n`)) },
      { weight: 1, arbitrary: fc.string({ minLength: 50, maxLength: 2000 }) },
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''));

test('property: a sealed tool output holds no secret, nothing left to redact, and at most the cap (plus its note)', () => {
  fc.assert(
    fc.property(output, fc.integer({ min: 16, max: 4000 }), (text, max) => {
      const sealed = sealToolOutput(text, max);
      for (const [, secret] of SECRET_LINES) assert.ok(!sealed.text.includes(secret), `secret ${secret} came back`);
      const body = sealed.text.replace(NOTE, '');
      assert.ok(body.length <= max, `${body.length} > ${max}`);
      assert.equal(sealed.cut > 0, NOTE.test(sealed.text), 'a cut output says so, an uncut one does not');
      assert.ok(!isHigh(body.charCodeAt(body.length - 1)) || !NOTE.test(sealed.text), 'no half character at the cut');
      assert.equal(redactSecrets(body).count, 0, 'nothing left to redact');
      if (sealed.cut === 0) assert.equal(sealed.text, redactSecrets(text).text, 'an uncut output is the redacted output');
    }),
    { numRuns: 300 },
  );
});

test('property: outputs far beyond the cap are cut before redaction, and still come back clean', () => {
  fc.assert(
    fc.property(output, fc.integer({ min: 16, max: 200 }), fc.integer({ min: 1, max: 40 }), (text, max, times) => {
      const long = `${text}\n`.repeat(times);
      const sealed = sealToolOutput(long, max);
      for (const [, secret] of SECRET_LINES) assert.ok(!sealed.text.includes(secret));
      assert.ok(sealed.text.replace(NOTE, '').length <= max);
    }),
    { numRuns: 100 },
  );
});

test('property: through the loop, no random tool output reaches the provider unredacted or uncapped', async () => {
  await fc.assert(
    fc.asyncProperty(output, async (text) => {
      const b = bench({ deps: { maxResultChars: 1000 } });
      b.provider.script.push(calls([['read_file', '{"path":"f.txt"}']]), answer('ok'));
      await b.runner.run(b.task({ tools: [readFileTool({ 'f.txt': text })] }));
      const sent = b.provider.requests[1].messages.at(-1)!.toolResults![0].content;
      for (const [, secret] of SECRET_LINES) assert.ok(!sent.includes(secret));
      assert.ok(sent.replace(NOTE, '').length <= 1000);
    }),
    { numRuns: 60 },
  );
});

test('a cut that leaves the first part of a longer token shaped like a key redacts that part too', () => {
  // AKIAIOSFODNN7EXAMPLE0 is no key (a key ends there); its first 20 characters are one.
  const sealed = sealToolOutput(`AKIAIOSFODNN7EXAMPLE0${' '.repeat(60)}`, 20);
  assert.ok(!sealed.text.includes('AKIAIOSFODNN7EXAMPLE'), sealed.text);
  assert.equal(redactSecrets(sealed.text.replace(NOTE, '')).count, 0);
  assert.ok(sealed.text.replace(NOTE, '').length <= 20);
  assert.ok(sealed.cut > 0);
});
