import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionEnabledFor } from '../../../src/core/completion/gate';
import { HOLE, holeUserMessage, parseHoleAnswer } from '../../../src/core/completion/chatPrompt';
import { prepareCall } from '../../../src/core/completion/request';
import { familyStops, fimPrompt, guessFamily, promptStyle, suffixPrompt } from '../../../src/core/completion/templates';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { ModelConfig } from '../../../src/core/types';
import { ctxOf } from './helpers';

const model = (over: Partial<ModelConfig>): ModelConfig => ({ name: 'm', endpoint: 'ollama', model: 'x', ...over });
const snippet = { path: 'src/util.ts', text: 'export function sub(a, b) {\n  return a - b;\n}', score: 0.5 };

test('each family gets its own FIM tokens around prefix and suffix', () => {
  const ctx = ctxOf({ prefix: 'P', suffix: 'S' });
  assert.equal(fimPrompt('qwen', ctx), '<|fim_prefix|>P<|fim_suffix|>S<|fim_middle|>');
  assert.equal(fimPrompt('deepseek', ctx), '<｜fim▁begin｜>// Path: src/math.ts\nP<｜fim▁hole｜>S<｜fim▁end｜>');
  assert.equal(fimPrompt('starcoder', ctx), '<fim_prefix>P<fim_suffix>S<fim_middle>');
  assert.equal(fimPrompt('codestral', ctx), '[SUFFIX]S[PREFIX]// Path: src/math.ts\nP');
  assert.equal(fimPrompt('codellama', ctx), '<PRE> // Path: src/math.ts\nP <SUF>S <MID>');
});

test('other files go in the family repository format (qwen/starcoder) or as comments', () => {
  const ctx = ctxOf({ prefix: 'P', suffix: 'S', snippets: [snippet] });
  assert.equal(
    fimPrompt('qwen', ctx),
    `<|repo_name|>workspace\n<|file_sep|>src/util.ts\n${snippet.text}\n` +
      '<|file_sep|>src/math.ts\n<|fim_prefix|>P<|fim_suffix|>S<|fim_middle|>',
  );
  assert.equal(fimPrompt('starcoder', ctx), `<repo_name>workspace<file_sep>src/util.ts\n${snippet.text}\n<file_sep><fim_prefix>src/math.ts\nP<fim_suffix>S<fim_middle>`);
  const ds = fimPrompt('deepseek', ctx);
  assert.ok(ds.startsWith('<｜fim▁begin｜>// Compare this snippet from src/util.ts:\n// export function sub(a, b) {\n' +
        '//   return a - b;\n// }\n// Path: src/math.ts\nP'), ds);
  const py = suffixPrompt(ctxOf({ languageId: 'python', path: 'a.py', prefix: 'P', suffix: 'S', snippets: [snippet] }));
  assert.ok(py.prompt.startsWith('# Compare this snippet from src/util.ts:\n# export function'), py.prompt);
  assert.equal(py.suffix, 'S');
});

test('stop tokens per family', () => {
  assert.ok(familyStops('qwen').includes('<|endoftext|>') && familyStops('qwen').includes('<|file_sep|>'));
  assert.ok(familyStops('deepseek').includes('<｜fim▁begin｜>'));
  assert.ok(familyStops('starcoder').includes('<file_sep>'));
  assert.ok(familyStops('codestral').includes('[PREFIX]'));
  assert.ok(familyStops('codellama').includes('<EOT>'));
  assert.deepEqual(familyStops(undefined), []);
});

test('explicit settings decide the prompt style; the model name only when nothing is set', () => {
  assert.deepEqual(promptStyle(model({ model: 'my-finetune', fimTemplate: 'deepseek' }), true), { kind: 'fim-raw', family: 'deepseek' });
  assert.deepEqual(promptStyle(model({ model: 'qwen2.5-coder:7b', fimTemplate: 'starcoder' }), true), { kind: 'fim-raw', family: 'starcoder' });
  assert.deepEqual(promptStyle(model({ model: 'qwen2.5-coder:7b', fim: true }), true), { kind: 'fim-suffix', family: 'qwen' });
  assert.deepEqual(promptStyle(model({ model: 'qwen2.5-coder:7b', fim: false }), true), { kind: 'chat' });
  assert.deepEqual(promptStyle(model({ model: 'qwen2.5-coder:1.5b-base' }), true), { kind: 'fim-raw', family: 'qwen' });
  assert.deepEqual(promptStyle(model({ model: 'gpt-5-mini' }), true), { kind: 'chat' });
  assert.deepEqual(promptStyle(model({ model: 'claude-haiku-4-5', fim: true }), false), { kind: 'chat' }, 'an endpoint without a completions API');
  assert.equal(guessFamily('deepseek-coder-v2:16b'), 'deepseek');
  assert.equal(guessFamily('bigcode/starcoder2-3b'), 'starcoder');
  assert.equal(guessFamily('codestral-latest'), 'codestral');
  assert.equal(guessFamily('codellama:7b-code'), 'codellama');
  assert.equal(guessFamily('llama3.1'), undefined);
});

test('an unknown fimTemplate gets a message naming the valid values, and falls back to guessing', () => {
  const { settings, problems } = resolveSettings({ user: { 'gearshift.models': { local: { endpoint: 'ollama', model: 'qwen2.5-coder', fimTemplate: 'qwen3' } } } });
  assert.match(problems.map((p) => p.message).join('\n'), /gearshift\.models\.local\.fimTemplate is "qwen3"; it must be one of: "qwen", "deepseek", "starcoder", "codestral", "codellama"/);
  assert.deepEqual(promptStyle(settings.models.local, true), { kind: 'fim-raw', family: 'qwen' });
  assert.deepEqual(promptStyle(model({ name: 'local', model: 'qwen2.5-coder', fimTemplate: 'qwen3' }), true), { kind: 'fim-raw', family: 'qwen' });
});

test('prepared FIM requests: raw with stops, suffix field, and a newline stop mid-line', () => {
  const mid = ctxOf({ prefix: 'x = foo(', suffix: ')\n', lineSuffix: ')' });
  const raw = prepareCall(model({ model: 'qwen2.5-coder:7b' }), true, mid);
  assert.equal(raw.kind, 'complete');
  if (raw.kind !== 'complete') return;
  assert.equal(raw.request.raw, true);
  assert.equal(raw.request.stop?.[0], '\n');
  assert.ok(raw.request.stop?.includes('<|endoftext|>'));
  assert.equal(raw.request.temperature, 0);
  const sfx = prepareCall(model({ model: 'some-model', fim: true }), true, ctxOf({ mode: 'multi', maxLines: 16, prefix: 'if (x) {\n', suffix: '\n}' }));
  assert.ok(sfx.kind === 'complete' && !sfx.request.raw && sfx.request.suffix === '\n}' && sfx.request.stop === undefined);
});

test('chat models get the hole prompt without temperature or stop', () => {
  const call = prepareCall(model({ model: 'gpt-5-mini' }), true, ctxOf({ snippets: [snippet] }));
  assert.equal(call.kind, 'chat');
  if (call.kind !== 'chat') return;
  assert.ok(call.request.system?.includes('ONLY the text that replaces <HOLE>'));
  assert.equal(call.request.temperature, undefined);
  assert.equal(call.request.stop, undefined);
  const user = call.request.messages[0].content;
  assert.ok(user.includes(`function add(a, b) {\n  return ${HOLE}\n}\n`), user);
  assert.ok(user.includes('Related code from src/util.ts'));
  assert.ok(user.includes('rest of the line'));
  assert.ok(holeUserMessage(ctxOf({ mode: 'multi', maxLines: 16 })).includes('at most 16 lines'));
});

test('the same context and model give the same cache key; any prompt change gives another', () => {
  const m = model({ model: 'qwen2.5-coder:7b' });
  assert.equal(prepareCall(m, true, ctxOf()).key, prepareCall(m, true, ctxOf()).key);
  assert.notEqual(prepareCall(m, true, ctxOf()).key, prepareCall(m, true, ctxOf({ prefix: 'function add(a, b) {\n  return  ' })).key);
  assert.notEqual(prepareCall(m, true, ctxOf()).key, prepareCall({ ...m, model: 'qwen2.5-coder:14b' }, true, ctxOf()).key);
});

test('hole answers: fences, language tags, preambles, <HOLE> echoes and echoed code are stripped', () => {
  const ctx = ctxOf();
  assert.equal(parseHoleAnswer('```typescript\na + b;\n```', ctx), 'a + b;');
  assert.equal(parseHoleAnswer("Here's the completion:\n```\na + b;\n```\nThis adds the numbers.", ctx), 'a + b;');
  assert.equal(parseHoleAnswer('Here is the missing code:\na + b;', ctx), 'a + b;');
  assert.equal(parseHoleAnswer('<HOLE>a + b;</HOLE>', ctx), 'a + b;');
  assert.equal(parseHoleAnswer('  return a + b;', ctx), 'a + b;', 'echo of the cursor line');
  const total = ctxOf({ prefix: 'const items = load();\nconst total = ', suffix: ';\nconsole.log(total);\n' });
  assert.equal(parseHoleAnswer('const items = load();\nconst total = items.reduce(sum, 0);\nconsole.log(total);', total), 'items.reduce(sum, 0)', 'echo of lines before and after');
  assert.equal(parseHoleAnswer('<think>easy</think>a + b;', ctx), 'a + b;');
  assert.equal(parseHoleAnswer('', ctx), '');
});

test('completion per language: the switch, the language entry, then "*"', () => {
  assert.equal(completionEnabledFor({ enabled: true, languages: {} }, 'go'), true);
  assert.equal(completionEnabledFor({ enabled: false, languages: { go: true } }, 'go'), false);
  assert.equal(completionEnabledFor({ enabled: true, languages: { markdown: false } }, 'markdown'), false);
  assert.equal(completionEnabledFor({ enabled: true, languages: { '*': false, python: true } }, 'python'), true);
  assert.equal(completionEnabledFor({ enabled: true, languages: { '*': false, python: true } }, 'rust'), false);
});

test('the user cap on completion tokens bounds FIM output; chat keeps room to reason', () => {
  const ctx = ctxOf({ mode: 'multi', maxLines: 16 });
  const fim = prepareCall(model({ model: 'qwen2.5-coder:7b' }), true, ctx, 100);
  const chat = prepareCall(model({ model: 'gpt-5-mini' }), true, ctx, 100);
  assert.equal(fim.request.maxTokens, 100);
  assert.ok(chat.request.maxTokens! > 100);
});
