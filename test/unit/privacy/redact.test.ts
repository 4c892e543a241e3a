import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets } from '../../../src/core/privacy/redact';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----';

const cases: [string, string, string][] = [
  ['aws access key id', 'const id = "AKIAIOSFODNN7EXAMPLE";', 'aws-access-key'],
  ['aws session key id', 'AWS_ACCESS_KEY_ID=ASIAY34FZKBOKMUTVV7A', 'aws-access-key'],
  ['aws secret in assignment', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws-secret-key'],
  ['aws secret in an env file', 'export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'aws-secret-key'],
  ['aws secret in json', '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'aws-secret-key'],
  ['openai classic', 'OPENAI_API_KEY=sk-ABCDEFGHIJKLMNOPQRSTUVWXT3BlbkFJabcdefghijklmnop1234', 'openai-key'],
  ['openai project', 'key: "sk-proj-Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kM9nP2rS5uX8"', 'openai-key'],
  ['anthropic', "apiKey: 'sk-ant-api03-AbCdEf0123456789_GhIjKlMnOpQrStUvWxYz-0123456789AbCd'", 'anthropic-key'],
  ['github classic', 'token = "ghp_1234567890abcdefghijABCDEFGHIJ123456"', 'github-token'],
  ['github fine-grained', 'GITHUB_TOKEN=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV', 'github-token'],
  ['slack', 'SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'slack-token'],
  ['google', 'const k = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";', 'google-api-key'],
  ['stripe', 'stripe.key = "sk_live_51H8abcdefGHIJKLmnopQRSTuv"', 'stripe-key'],
  ['bearer header', 'curl -H "Authorization: Bearer abcDEF123456ghiJKL789mno" https://x', 'bearer-token'],
  ['jwt', 'jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
  ['url password', 'DATABASE_URL=postgres://app:hunter2secret@db.internal:5432/app', 'url-password'],
];

for (const [name, input, kind] of cases) {
  test(`redacts ${name}`, () => {
    const r = redactSecrets(input);
    assert.equal(r.count, 1, r.text);
    assert.ok(r.text.includes(`«redacted:${kind}»`), r.text);
  });
}

test('keeps the assignment name and quotes around a redacted value', () => {
  const r = redactSecrets('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = us-east-1');
  assert.equal(r.text, 'aws_secret_access_key = «redacted:aws-secret-key»\nregion = us-east-1');
  assert.equal(redactSecrets('fetch(u, { headers: { Authorization: "Bearer abcDEF123456ghiJKL789mno" } })').text, 'fetch(u, { headers: { Authorization: "Bearer «redacted:bearer-token»" } })');
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
  const text = 'a = "AKIAIOSFODNN7EXAMPLE"; b = "ghp_1234567890abcdefghijABCDEFGHIJ123456"';
  const once = redactSecrets(text);
  assert.equal(once.count, 2);
  assert.deepEqual(redactSecrets(once.text), { text: once.text, count: 0 });
});

test('leaves ordinary code alone', () => {
  const code = [
    'const task = await askForTask("sk-learn");',
    'headers.Authorization = `Bearer ${token}`;',
    "headers['Authorization'] = 'Bearer ' + session.accessToken;",
    'const secretKey = process.env.SECRET_KEY;',
    'const risk_assessment_long_identifier_name = 1;',
    'import { createHash } from "node:crypto"; // sha256 of AKIA-prefixed ids',
    'const url = `postgres://${user}:${password}@${host}/db`;',
    'const desk = "sk-abcdefghijklmnopqrstuvwxyzabcdefgh";',
    'const b64 = "eyJhbGciOiJIUzI1NiJ9";',
    'private static final String KEY_SPEC = "RSA";',
    'for (const task of tasks) if (task.id === "sk_test") run(task);',
  ].join('\n');
  assert.deepEqual(redactSecrets(code), { text: code, count: 0 });
});
