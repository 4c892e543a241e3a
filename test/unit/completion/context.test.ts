import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContextBuilder, prefixStart, suffixEnd } from '../../../src/core/completion/context';
import { approxTokens } from '../../../src/core/tokens';
import { atCursor } from './helpers';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `const ${tag}${i} = compute(${i});`).join('\n');

test('prefix and suffix are cut at whole lines within the token budget', () => {
  const text = `${lines(2000)}\nfunction target() {\n  return \n}\n${lines(2000, 'after')}`;
  const offset = text.indexOf('return ') + 'return '.length;
  const ctx = new ContextBuilder().build({ path: 'src/a.ts', languageId: 'typescript', text, offset }, [], {
    budget: { prefixTokens: 300, suffixTokens: 100, snippetTokens: 0 },
  })!;
  assert.ok(approxTokens(ctx.prefix) <= 300 + 100, `prefix ${approxTokens(ctx.prefix)} tokens`);
  assert.ok(approxTokens(ctx.prefix) > 250, 'the budget is used');
  assert.ok(approxTokens(ctx.suffix) <= 100);
  assert.ok(ctx.prefix.endsWith('function target() {\n  return '));
  assert.ok(ctx.prefix.startsWith('const line'), 'starts at a line start');
  assert.ok(text.includes(`\n${ctx.prefix}`));
  assert.ok(ctx.suffix.startsWith('\n}\nconst after0'));
  assert.ok(text.includes(`${ctx.suffix}\n`), 'ends at a line end');
  assert.equal(ctx.linePrefix, '  return ');
  assert.deepEqual([ctx.mode, ctx.maxLines], ['multi', 8], 'after code on the line: one statement, which may open a block');
});

test('budget the suffix leaves unused goes to the prefix', () => {
  const text = `${lines(500)}\nx = `;
  const ctx = new ContextBuilder().build({ path: 'a.ts', languageId: 'typescript', text, offset: text.length }, [], {
    budget: { prefixTokens: 200, suffixTokens: 200, snippetTokens: 0 },
  })!;
  assert.equal(ctx.suffix, '');
  assert.ok(approxTokens(ctx.prefix) > 300);
});

test('line helpers: a cursor line longer than the budget is the only mid-line cut', () => {
  const text = `short\n${'x'.repeat(100)}`;
  assert.equal(prefixStart(text, text.length, 10), text.length - 10);
  assert.equal(prefixStart(text, text.length, 1000), 0);
  assert.equal(suffixEnd('ab\ncd\nef', 0, 5), 5);
  assert.equal(suffixEnd('ab\ncd\nef', 0, 4), 2);
});

test('snippets come from similar code in other open files of the same language', () => {
  const { text, offset } = atCursor(
    'import { fetchUser } from "./api";\n\nasync function show(id: string) {\n  const user = await fetchUser(id);\n  ' +
      'renderProfile(user.name, user.avatar|',
  );
  const api = {
    path: 'src/api.ts',
    languageId: 'typescript',
    text:
      `${lines(200, 'noise')}\nexport function renderProfile(name: string, avatar: string) {\n  const user = { name, ` +
      `avatar };\n  return fetchUser(user.name);\n}\n${lines(200, 'tail')}`,
  };
  const python = { path: 'tool.py', languageId: 'python', text: 'def renderProfile(user, name, avatar, fetchUser, id):\n  pass' };
  const ctx = new ContextBuilder().build({ path: 'src/show.ts', languageId: 'typescript', text, offset }, [api, python])!;
  assert.equal(ctx.snippets.length, 1);
  assert.equal(ctx.snippets[0].path, 'src/api.ts');
  assert.ok(ctx.snippets[0].text.includes('export function renderProfile'));
  assert.ok(!ctx.snippets[0].text.includes('noise0 '));
});

test('excluded files contribute nothing: not as the current file, not as snippets', () => {
  const builder = new ContextBuilder();
  const secretText = 'const apiToken = "tok_live_value";\nconst fetchUser = makeClient(apiToken);\nexport function renderProfile(user) {}';
  const others = [
    { path: '.env.ts', languageId: 'typescript', text: secretText },
    { path: 'private/client.ts', languageId: 'typescript', text: secretText },
  ];
  const { text, offset } = atCursor('const fetchUser = makeClient(apiToken);\nexport function renderProfile(user) {|}');
  const ctx = builder.build({ path: 'src/app.ts', languageId: 'typescript', text, offset }, others, { exclude: ['private'] })!;
  assert.deepEqual(ctx.snippets, []);
  assert.equal(builder.build({ path: 'config/.env', languageId: 'dotenv', text, offset }, []), undefined);
  assert.equal(
    builder.build({ path: 'src/keys/app.ts', languageId: 'typescript', text, offset }, [], { exclude: ['src/keys/**'] }),
    undefined,
  );
});

test('secrets in prefix, suffix and snippets are redacted and counted', () => {
  const key = 'AKIAIOSFODNN7EXAMPLE';
  const { text, offset } = atCursor(
    `const id = "${key}";\nconst client = connect(id, |);\nconst other = "ghp_1234567890abcdefghijABCDEFGHIJ123456";`,
  );
  const other = {
    path: 'src/b.ts',
    languageId: 'typescript',
    text: `const client = connect(id, "sk-proj-Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kM9nP2rS5uX8");`,
  };
  const ctx = new ContextBuilder().build({ path: 'src/a.ts', languageId: 'typescript', text, offset }, [other])!;
  const all = ctx.prefix + ctx.suffix + ctx.snippets.map((s) => s.text).join('');
  assert.ok(!all.includes(key) && !all.includes('ghp_') && !all.includes('sk-proj-'), all);
  assert.equal(ctx.snippets.length, 1);
  assert.equal(ctx.redactions, 3);
});
