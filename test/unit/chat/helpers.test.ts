import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeAttachment, MAX_ATTACHMENT_CHARS } from '../../../src/core/chat/attach';
import { externalLink, proposeReplacement, snippetFileName } from '../../../src/core/chat/codeFiles';
import { fallbackNote, formatCost, formatLatency, formatTokens, formatUsage } from '../../../src/core/chat/format';
import { webviewPage, contentSecurityPolicy } from '../../../src/core/chat/page';
import { cleanTitle, titleFrom } from '../../../src/core/chat/title';

test('titles come from the first message without markdown noise, cut at a word', () => {
  assert.equal(titleFrom('## How do I *debounce* `onChange`?'), 'How do I debounce onChange?');
  assert.equal(titleFrom('Fix this:\n```ts\nconst a = 1;\n```\nplease'), 'Fix this: please');
  const long = titleFrom('Why does the integration test for the completion provider time out on the second run only');
  assert.ok(long.length <= 49 && long.endsWith('…') && !long.includes(' …'), long);
  assert.equal(titleFrom('   ', 'src/app.ts:3-9'), 'About src/app.ts:3-9');
  assert.equal(titleFrom(''), 'New chat');
  assert.equal(cleanTitle('  a \n b '), 'a b');
  assert.equal(cleanTitle('   '), undefined);
});

test('reply header figures read the way a person expects', () => {
  assert.equal(formatCost(0.0042), '$0.0042');
  assert.equal(formatCost(0.25), '$0.25');
  assert.equal(formatCost(3.456), '$3.46');
  assert.equal(formatCost(0.0000123), '$0.000012');
  assert.equal(formatCost(0), '$0.00');
  assert.equal(formatCost(undefined), 'cost unknown');
  assert.deepEqual([formatTokens(950), formatTokens(1234), formatTokens(56_789), formatTokens(1_400_000)], ['950', '1.2k', '57k', '1.4M']);
  assert.deepEqual([formatLatency(850), formatLatency(2340), formatLatency(65_000)], ['850 ms', '2.3 s', '1 m 05 s']);
  assert.equal(formatUsage({ fallbacks: [], tokensIn: 1200, tokensOut: 340, estimated: true }), '≈1.2k in · ≈340 out');
  assert.equal(formatUsage({ fallbacks: [] }), undefined);
  assert.equal(fallbackNote({ fallbacks: ['sonnet rate-limited → bedrock-sonnet'], modelName: 'bedrock-sonnet' }), 'sonnet rate-limited → bedrock-sonnet — answered by bedrock-sonnet');
  assert.equal(fallbackNote({ fallbacks: [] }), undefined);
});

test('excluded files cannot be attached; others are redacted and labelled with their lines', () => {
  const env = makeAttachment({ path: '/w/.env', workspaceRoot: '/w', displayPath: '.env', text: 'A=1' }, [], 'a1');
  assert.equal(env.ok, false);
  assert.match(env.ok ? '' : env.message, /\.env is excluded/);
  const custom = makeAttachment({ path: '/w/config/private/keys.ts', workspaceRoot: '/w', displayPath: 'config/private/keys.ts', text: 'x' }, ['config/private/**'], 'a2');
  assert.equal(custom.ok, false, 'gearshift.exclude globs apply');
  const key = 'sk-ant-api03-' + 'a'.repeat(90);
  const ok = makeAttachment({ path: '/w/src/app.ts', workspaceRoot: '/w', displayPath: 'src/app.ts', language: 'typescript', text: `const k = "${key}";`, lines: { start: 3, end: 9 } }, [], 'a3');
  assert.ok(ok.ok);
  if (ok.ok) {
    assert.equal(ok.attachment.label, 'src/app.ts:3-9');
    assert.ok(!ok.attachment.text.includes(key), 'the secret does not survive');
    assert.equal(ok.attachment.redactions, 1);
    assert.equal(ok.attachment.path, 'src/app.ts');
  }
  const big = makeAttachment({ path: '/w/big.txt', displayPath: 'big.txt', text: 'x'.repeat(MAX_ATTACHMENT_CHARS + 1) }, [], 'a4');
  assert.match(big.ok ? '' : big.message, /too large.*Select the part you need/);
  const empty = makeAttachment({ path: '/w/a.ts', displayPath: 'a.ts', text: '  ', lines: { start: 1, end: 1 } }, [], 'a5');
  assert.match(empty.ok ? '' : empty.message, /selection is empty/);
});

test('Apply proposals replace the selection or the whole file, keeping the file\'s newline style', () => {
  assert.equal(proposeReplacement('a\nb\nc\n', 2, 3, 'B'), 'a\nB\nc\n');
  assert.equal(proposeReplacement('old\n', 0, 4, 'new'), 'new\n', 'whole-file replacement keeps the final newline');
  assert.equal(proposeReplacement('x\r\ny\r\n', 0, 6, 'p\nq'), 'p\r\nq\r\n', 'CRLF files stay CRLF');
  assert.equal(snippetFileName('TypeScript'), 'snippet.ts');
  assert.equal(snippetFileName(undefined), 'snippet.txt');
});

test('Save names a fence language that is an Object.prototype key snippet.txt, not after a built-in function', () => {
  const cases: [string, string][] = [
    ['constructor', 'snippet.txt'],
    ['__proto__', 'snippet.txt'],
    ['toString', 'snippet.txt'],
    ['hasOwnProperty', 'snippet.txt'],
    ['valueOf', 'snippet.txt'],
    ['isPrototypeOf', 'snippet.txt'],
    ['__defineGetter__', 'snippet.txt'],
    ['Constructor', 'snippet.txt'],
    ['ts', 'snippet.ts'],
    ['dockerfile', 'Dockerfile'],
  ];
  for (const [language, name] of cases) assert.equal(snippetFileName(language), name, language);
});

test('only http(s) links leave the chat', () => {
  assert.equal(externalLink('https://example.com/a?b=1'), 'https://example.com/a?b=1');
  assert.equal(externalLink('http://localhost:3000'), 'http://localhost:3000/');
  for (const bad of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://x', 'data:text/html,x', '/relative', '']) {
    assert.equal(externalLink(bad), undefined, bad);
  }
});

test('the page allows only its nonce\'d script, theme styles from the extension, and no inline code', () => {
  const csp = contentSecurityPolicy({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123' });
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  const page = webviewPage({ cspSource: 'vscode-src', scriptUri: 'vscode-src/chat.js', styleUri: 'vscode-src/chat.css', nonce: 'n0' });
  assert.equal((page.match(/<script/g) ?? []).length, 1);
  assert.match(page, /<script nonce="n0" src="vscode-src\/chat.js"><\/script>/);
  assert.doesNotMatch(page, /\sstyle=|\son[a-z]+=/);
});
