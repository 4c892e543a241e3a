import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../props/seed';
import { redactSecrets } from '../../../src/core/privacy/redact';
import { bounded, cpuMs, documentArb } from '../props/arbitraries';
import { NEAR_MISSES, SECRETS } from './secretCorpus';
import { hostileInputs } from './hostile';

const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\n' +
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n' +
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n' +
  '-----END RSA PRIVATE KEY-----';

test('the corpus has at least 60 secret formats and covers every kind it names', () => {
  assert.ok(SECRETS.length >= 60, `${SECRETS.length} formats`);
  assert.equal(new Set(SECRETS.map(([name]) => name)).size, SECRETS.length, 'format names are unique');
});

for (const [name, input, kind] of SECRETS) {
  test(`redacts ${name}`, () => {
    const r = redactSecrets(input);
    assert.equal(r.count, 1, r.text);
    assert.ok(r.text.includes(`«redacted:${kind}»`), r.text);
    assert.deepEqual(redactSecrets(r.text), { text: r.text, count: 0 }, 'redacting twice changes nothing');
  });
}

for (const [name, input] of NEAR_MISSES) {
  test(`keeps a near miss: ${name}`, () => {
    assert.deepEqual(redactSecrets(input), { text: input, count: 0 });
  });
}

test('keeps the assignment name and quotes around a redacted value', () => {
  const r = redactSecrets('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = us-east-1');
  assert.equal(r.text, 'aws_secret_access_key = «redacted:aws-secret-key»\nregion = us-east-1');
  assert.equal(
    redactSecrets('fetch(u, { headers: { Authorization: "Bearer abcDEF123456ghiJKL789mno" } })').text,
    'fetch(u, { headers: { Authorization: "Bearer «redacted:bearer-token»" } })',
  );
  assert.equal(redactSecrets('DB_PASSWORD="hunter2!"; // db').text, 'DB_PASSWORD="«redacted:password»"; // db');
  assert.equal(redactSecrets('Server=db;Password=Str0ng!Pass;Encrypt=true').text, 'Server=db;Password=«redacted:password»;Encrypt=true');
  assert.equal(
    redactSecrets('mongodb://admin:p@ss/w0rd@db.example.net:27017/app').text,
    'mongodb://admin:«redacted:url-password»@db.example.net:27017/app',
  );
  assert.equal(redactSecrets('redis://:pw@host').text, 'redis://:«redacted:url-password»@host');
});

test('redacts a whole PEM block, a block cut by the prompt start, and one cut by the prompt end', () => {
  const whole = redactSecrets(`const key = \`${PEM}\`;\nuse(key);`);
  assert.equal(whole.text, 'const key = `«redacted:private-key»`;\nuse(key);');
  const [head, tail] = [PEM.slice(0, 90), PEM.slice(90)];
  assert.ok(!redactSecrets(`x = "${head}`).text.includes('MIIEow'));
  const t = redactSecrets(`${tail}\`;\nuse(key);`).text;
  assert.ok(!/MIIE|BstIs|AAKCAQ/.test(t), t);
  assert.ok(t.endsWith('`;\nuse(key);'));
});

test('is idempotent and counts each secret', () => {
  const text = SECRETS.map(([, input]) => input).join('\n');
  const once = redactSecrets(text);
  assert.ok(once.count >= SECRETS.length, `${once.count} of ${SECRETS.length}`);
  assert.deepEqual(redactSecrets(once.text), { text: once.text, count: 0 });
  for (const [, input] of SECRETS) {
    const secretish = input.match(/[A-Za-z0-9_+/=-]{24,}/g) ?? [];
    for (const s of secretish)
      if (/[0-9]/.test(s) && /[A-Za-z]/.test(s) && !/BEGIN|END|[a-z]{24}/.test(s)) assert.ok(!once.text.includes(s), `left in a mix: ${s}`);
  }
});

test('leaves ordinary code alone (all near misses at once)', () => {
  const code = NEAR_MISSES.map(([, input]) => input).join('\n');
  assert.deepEqual(redactSecrets(code), { text: code, count: 0 });
});

test('hostile inputs redact in bounded time: 1 MB of blanks after keywords, a= × N…; 64 KB of each sample cut and repeated', () => {
  // A rule that rescans from every start takes minutes on these (before: `Authorization:` + 50k spaces 8 s,
  // `eyJ-` × 50k 90 s); linear rules take milliseconds. The bench times every sample at 1 MB.
  let worst = { ms: 0, name: '' };
  for (const { name, text } of hostileInputs(1 << 20, 1 << 16)) {
    const { ms } = cpuMs(() => redactSecrets(text));
    if (ms > worst.ms) worst = { ms, name };
    assert.ok(ms < 2000, `${name}: ${ms.toFixed(0)} ms of CPU for ${text.length} characters`);
  }
  console.log(`redaction: slowest hostile input ${worst.ms.toFixed(0)} ms of CPU (${worst.name})`);
});

test('property: any text redacts promptly, idempotently, and keeps text around secrets', () => {
  const withSecrets = fc
    .tuple(documentArb(40), fc.constantFrom(...SECRETS.map(([, s]) => s)), documentArb(40))
    .map(([a, s, b]) => a + s + b);
  fc.assert(
    fc.property(fc.oneof(documentArb(), withSecrets), (text) => {
      const r = bounded('redactSecrets', () => redactSecrets(text));
      if (r.count === 0) assert.equal(r.text, text);
      else assert.ok(r.text.includes('«redacted:'));
      assert.deepEqual(
        bounded('redactSecrets again', () => redactSecrets(r.text)),
        { text: r.text, count: 0 },
      );
    }),
    { numRuns: 500 },
  );
});

test('regression (found by fast-check): a key glued to another secret is found once its neighbour is redacted', () => {
  const glued = 'AKIAIOSFODNN7EXAMPLEhttps://hooks.slack.com/services/T00000000/B00000000/FM3nKxVhvX18aSSfqeE6RTQc';
  const once = redactSecrets(glued);
  assert.equal(once.text, '«redacted:aws-access-key»«redacted:slack-webhook»');
  assert.equal(once.count, 2);
  assert.deepEqual(redactSecrets(once.text), { text: once.text, count: 0 });
});
