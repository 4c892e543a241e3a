/**
 * The synthetic agent trace the agent bench replays (seeded: the same seed gives the same tasks, byte for byte).
 *
 * Each task is what a side-panel agent does for one request, as the model calls it: a first request (routine
 * asks like "add a null check…" and harder ones like "the checkout endpoint sometimes charges twice…", about 60/40),
 * then steps, each one model reply (a sentence or two of text, tool calls with their JSON arguments) and what the
 * tools gave back:
 *  - explore: a text search (10–60 matching lines), sometimes a glob, then file reads of 1–20 KB (log-normal,
 *    median ~6 KB; routine tasks read 1–3 files, harder ones 3–7), sometimes two reads in one reply;
 *  - edit: one proposal per 1–3 files with the new text in the arguments (0.3–3 KB per file); a harder task edits
 *    3–6 files over one or two proposals;
 *  - check: `npm test` (0.5–8 KB of output); it fails about a third of the time (more on harder tasks), and the
 *    task then reads the failing test, edits again and reruns;
 *  - trouble: a read of a file that is not there (tool error, ~7%), a read of `.env` (refused, ~3%), arguments
 *    that are not valid JSON (~3%), a rejected edit (~10%, then a revised proposal), a command the user refuses;
 *  - the last step answers in prose with no tool call (a 100–300 token summary).
 * Tasks have 5–20 steps (a task that would run longer is cut off, as the step limit would).
 */
import type { ToolOutcomeKind } from '../../src/core/agent/types';
import type { ToolDefinition } from '../../src/core/toolCalls';
import { countTokens } from '../../src/core/tokens';
import { prng } from '../tools/prng';

export type TraceToolKind = 'read' | 'search' | 'edit' | 'command';

export interface TraceCall {
  id: string;
  name: string;
  kind: TraceToolKind;
  /** The arguments as the model sent them (JSON text; malformed on a badArguments call). */
  args: string;
  /** What went back to the model. */
  result: string;
  outcome: ToolOutcomeKind;
  /** Files a proposed edit touched. */
  editFiles?: number;
  /** Files a successful read returned (workspace-relative). */
  read?: string;
}

export interface TraceStep {
  /** The model's text before its tool calls (the final answer when there are none). */
  text: string;
  calls: TraceCall[];
}

export interface TraceTask {
  id: string;
  request: string;
  /** Which kind of ask it was written as (the router decides the tier from the request alone). */
  hard: boolean;
  steps: TraceStep[];
}

export const AGENT_SYSTEM_PROMPT = [
  "You are Gearshift, a coding agent working in the user's VS Code workspace. You can read files, find files by glob,",
  'search text, list workspace symbols and problems, propose edits to files (the user reviews and accepts or rejects each',
  'file) and run commands in a terminal (the user approves each command first). Work in small steps: look before you',
  'change anything, keep edits minimal and in the style of the surrounding code, run the tests after editing, and stop',
  'when the request is done. Never read or write secrets (.env files, keys); the tools refuse them. When a command fails,',
  'read its output and fix the cause rather than the symptom. When the user rejects an edit, ask or try another approach.',
  'Answer with a short summary of what changed and why when you are done.',
].join(' ');

const prop = (type: string, description: string) => ({ type, description });

export const AGENT_TOOLS: ToolDefinition[] = [
  {
    name: 'read_file',
    description: 'Read a workspace file, or a range of its lines. Excluded files (secrets) cannot be read.',
    inputSchema: {
      type: 'object',
      properties: {
        path: prop('string', 'Workspace-relative path'),
        startLine: prop('integer', '1-based first line'),
        endLine: prop('integer', 'Last line'),
      },
      required: ['path'],
    },
  },
  {
    name: 'find_files',
    description: 'Find workspace files by glob pattern, e.g. src/**/*.ts.',
    inputSchema: {
      type: 'object',
      properties: { glob: prop('string', 'Glob pattern'), max: prop('integer', 'Most results') },
      required: ['glob'],
    },
  },
  {
    name: 'search_text',
    description: 'Search text (or a regular expression) in the workspace; returns matching lines with their paths and line numbers.',
    inputSchema: {
      type: 'object',
      properties: {
        query: prop('string', 'Text or regex'),
        regex: prop('boolean', 'Treat query as a regex'),
        include: prop('string', 'Glob'),
      },
      required: ['query'],
    },
  },
  {
    name: 'workspace_symbols',
    description: 'Find functions, classes and other symbols by name across the workspace.',
    inputSchema: { type: 'object', properties: { query: prop('string', 'Symbol name or part of it') }, required: ['query'] },
  },
  {
    name: 'get_problems',
    description: 'Errors and warnings (diagnostics) for a file or the whole workspace.',
    inputSchema: { type: 'object', properties: { path: prop('string', 'A file; omit for the workspace') } },
  },
  {
    name: 'propose_edits',
    description:
      'Propose new content for one or more files (or create files). The user sees a diff and accepts or rejects each file; ' +
      'nothing is written without consent.',
    inputSchema: {
      type: 'object',
      properties: {
        edits: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: prop('string', 'Workspace-relative path'), content: prop('string', 'The whole new text of the file') },
            required: ['path', 'content'],
          },
        },
      },
      required: ['edits'],
    },
  },
  {
    name: 'run_command',
    description: 'Run a shell command in the workspace after the user approves it; returns its exit code and output (capped).',
    inputSchema: {
      type: 'object',
      properties: { command: prop('string', 'The command line'), cwd: prop('string', 'Workspace-relative folder') },
      required: ['command'],
    },
  },
];

const NOUNS = ['user', 'order', 'payment', 'session', 'token', 'config', 'cache', 'queue', 'invoice', 'account', 'cart', 'price', 'event'];
const VERBS = ['load', 'save', 'find', 'parse', 'format', 'validate', 'apply', 'build', 'resolve', 'handle', 'refresh', 'merge'];
const DIRS = ['src/services', 'src/api', 'src/lib', 'src/workers', 'src/db', 'src/auth'];

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);

/** Log-normal around `median`, clamped. */
function size(rand: Rand, median: number, spread: number, min: number, max: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Math.round(Math.min(max, Math.max(min, median * Math.exp(spread * z))));
}

function fnName(rand: Rand): string {
  return `${pick(rand, VERBS)}${cap(pick(rand, NOUNS))}`;
}

/** TypeScript-looking source of about `bytes` bytes. */
function sourceText(rand: Rand, bytes: number): string {
  const lines: string[] = [`import { ${fnName(rand)}, ${fnName(rand)} } from '../lib/${pick(rand, NOUNS)}';`, ''];
  let length = lines[0].length;
  while (length < bytes) {
    const a = pick(rand, NOUNS);
    const b = pick(rand, NOUNS);
    const fn = fnName(rand);
    const block = [
      `/** ${cap(pick(rand, VERBS))}s the ${a} for a ${b}; returns undefined when there is none. */`,
      `export async function ${fn}(${a}Id: string, opts: { retries?: number } = {}): Promise<${cap(a)} | undefined> {`,
      `  const ${b} = await repo.${pick(rand, VERBS)}${cap(b)}(${a}Id);`,
      `  if (!${b}) return undefined;`,
      `  for (let attempt = 0; attempt <= (opts.retries ?? ${int(rand, 1, 5)}); attempt++) {`,
      `    const result = await client.${pick(rand, VERBS)}(${b}.id, { timeoutMs: ${int(rand, 1, 30) * 100} });`,
      `    if (result.ok) return { ...result.value, ${a}Id, updatedAt: new Date() };`,
      `    logger.warn('${fn} failed', { attempt, status: result.status });`,
      '  }',
      `  throw new Error(\`could not ${pick(rand, VERBS)} ${a} \${${a}Id}\`);`,
      '}',
      '',
    ];
    const n = int(rand, 4, block.length);
    const part = block.slice(0, n).concat(n < block.length ? ['}', ''] : []);
    lines.push(...part);
    length += part.reduce((s, l) => s + l.length + 1, 0);
  }
  return lines.join('\n').slice(0, bytes);
}

function searchResult(rand: Rand, query: string, files: string[]): string {
  const n = int(rand, 10, 60);
  const lines = [`${n} matches for "${query}":`];
  for (let i = 0; i < n; i++) {
    const at = `${pick(rand, files)}:${int(rand, 3, 900)}`;
    lines.push(`${at}:    const ${pick(rand, NOUNS)} = await ${query}(${pick(rand, NOUNS)}Id, { retries: ${int(rand, 0, 5)} });`);
  }
  return lines.join('\n');
}

function testOutput(rand: Rand, failing: boolean, files: string[]): string {
  const passed = int(rand, 20, 180);
  const lines = ['> app@1.4.2 test', '> node --test out/test', ''];
  const bytes = size(rand, 2000, 0.8, 500, 8000);
  let length = lines.join('\n').length;
  while (length < bytes) {
    const name = `${fnName(rand)} ${pick(rand, ['handles', 'rejects', 'keeps', 'returns'])} ${pick(rand, NOUNS)}`;
    const line = `✔ ${name} (${int(rand, 1, 90)} ms)`;
    lines.push(line);
    length += line.length + 1;
  }
  if (failing) {
    const fn = fnName(rand);
    lines.push(
      `✖ ${fn} returns the ${pick(rand, NOUNS)} after a retry`,
      '  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
      `  + actual - expected\n  + undefined\n  - { id: 'u-${int(rand, 100, 999)}' }`,
      `      at TestContext.<anonymous> (${files[0].replace('src/', 'test/').replace('.ts', '.test.ts')}:${int(rand, 10, 200)}:12)`,
      '      at async Test.run (node:internal/test_runner/test:935:9)',
      '',
      `ℹ tests ${passed + 1}`,
      `ℹ pass ${passed}`,
      'ℹ fail 1',
    );
  } else lines.push('', `ℹ tests ${passed}`, `ℹ pass ${passed}`, 'ℹ fail 0');
  return lines.join('\n');
}

const ROUTINE: ((f: string, file: string) => string)[] = [
  (f, file) => `rename ${f} to ${f}ById in ${file} and its callers`,
  (f, file) => `add a null check to ${f} in ${file}`,
  (f) => `fix the typo in the error message thrown by ${f}`,
  (f) => `add a unit test for ${f}`,
  (f) => `make ${f} return an empty array instead of undefined`,
  () => 'add a --verbose flag to the cli that prints each request',
  (_f, file) => `bump the timeout in ${file} to 30 seconds`,
  (_f, file) => `remove the unused imports in ${file}`,
  (_f, file) => `add JSDoc comments to the exported functions in ${file}`,
  (_f, file) => `fix the failing test for ${file}`,
];

const HARD: ((f: string, file: string) => string)[] = [
  () =>
    'the checkout endpoint sometimes charges the card twice when two requests arrive at the same time. find out why and fix it ' +
    'in the payment service and the queue worker, with a test that reproduces the race',
  () =>
    'migrate the auth middleware from session cookies to the new JWT tokens across all routes. old sessions must keep working ' +
    'for a week, and the refresh flow has to be safe against replay',
  () => 'why does the nightly import job leak memory after a few hours in production? tests pass locally. find the cause and fix it',
  (_f, file) =>
    `refactor ${file.split('/').slice(0, 2).join('/')} so that all database access goes through the repository layer; ` +
    'keep behaviour identical and the tests green',
  () => 'add rate limiting per API key to every public endpoint, configurable per plan, with tests for the limits and the headers',
  () =>
    'the websocket reconnect logic drops messages sent while offline. redesign the outbox so nothing is lost and order is kept ' +
    'across reconnects, and explain the trade-offs',
  (_f, file) => `split ${file} (2000 lines) into modules by responsibility without changing its public API`,
  (f) => `${f} is slow on large accounts (p99 4s). profile it, find the hot path and make it at least 5x faster without changing results`,
];

/** One task's steps, generated as the agent would work through it. */
function task(rand: Rand, index: number): TraceTask {
  const hard = rand() < 0.4;
  const files = Array.from({ length: 12 }, () => `${pick(rand, DIRS)}/${pick(rand, NOUNS)}${cap(pick(rand, VERBS))}.ts`);
  const unique = [...new Set(files)];
  const fn = fnName(rand);
  const request = pick(rand, hard ? HARD : ROUTINE)(fn, unique[0]);
  const steps: TraceStep[] = [];
  let callNo = 0;
  const id = (): string => `call_${index}_${++callNo}`;
  const say = (): string =>
    pick(rand, [
      `Let me look at how ${fn} is used.`,
      'I will check the related code first.',
      `The ${pick(rand, NOUNS)} handling is in ${pick(rand, unique)}; reading it next.`,
      'Now I will make the change.',
      'Running the tests to check the change.',
      `That explains it: the ${pick(rand, NOUNS)} is ${pick(rand, VERBS)}d before the retry. Fixing it.`,
    ]);
  const read = (path: string): TraceCall => {
    const roll = rand();
    if (roll < 0.07)
      return {
        id: id(),
        name: 'read_file',
        kind: 'read',
        args: JSON.stringify({ path: path.replace('.ts', '.js') }),
        result: `File not found: ${path.replace('.ts', '.js')}`,
        outcome: 'toolError',
      };
    if (roll < 0.1)
      return {
        id: id(),
        name: 'read_file',
        kind: 'read',
        args: '{"path": ".env"}',
        result: 'Refused: .env is excluded (gearshift.exclude).',
        outcome: 'refused',
      };
    if (roll < 0.13)
      return {
        id: id(),
        name: 'read_file',
        kind: 'read',
        args: `{"path": "${path}", "startLine": 1,`,
        result: 'Invalid arguments: Unexpected end of JSON input',
        outcome: 'badArguments',
      };
    return {
      id: id(),
      name: 'read_file',
      kind: 'read',
      args: JSON.stringify({ path }),
      result: sourceText(rand, size(rand, 6000, 0.7, 1000, 20000)),
      outcome: 'ok',
      read: path,
    };
  };
  const edit = (paths: string[], rejectChance: number): TraceCall => {
    const edits = paths.map((path) => ({ path, content: sourceText(rand, size(rand, 1000, 0.7, 300, 3000)) }));
    const rejected = rand() < rejectChance;
    return {
      id: id(),
      name: 'propose_edits',
      kind: 'edit',
      args: JSON.stringify({ edits }),
      result: rejected
        ? `The user rejected the edit (${paths.join(', ')}). Do not retry the same change.`
        : `Accepted: ${paths.join(', ')}.`,
      outcome: rejected ? 'rejected' : 'ok',
      editFiles: paths.length,
    };
  };
  const command = (failing: boolean, refusedChance: number): TraceCall => {
    if (rand() < refusedChance)
      return {
        id: id(),
        name: 'run_command',
        kind: 'command',
        args: '{"command":"npm test"}',
        result: 'The user did not run the command.',
        outcome: 'rejected',
      };
    return {
      id: id(),
      name: 'run_command',
      kind: 'command',
      args: '{"command":"npm test"}',
      result: `exit code ${failing ? 1 : 0}\n${testOutput(rand, failing, unique)}`,
      outcome: failing ? 'commandFailed' : 'ok',
    };
  };
  const push = (...calls: TraceCall[]): void => void steps.push({ text: say(), calls });

  // Explore.
  push({
    id: id(),
    name: 'search_text',
    kind: 'search',
    args: JSON.stringify({ query: fn }),
    result: searchResult(rand, fn, unique),
    outcome: 'ok',
  });
  if (hard && rand() < 0.5)
    push({ id: id(), name: 'find_files', kind: 'search', args: '{"glob":"src/**/*.ts"}', result: unique.join('\n'), outcome: 'ok' });
  const toRead = hard ? int(rand, 3, 7) : int(rand, 1, 3);
  const readList = unique.slice(0, Math.min(toRead, unique.length));
  for (let i = 0; i < readList.length; i++) {
    if (i + 1 < readList.length && rand() < 0.25) {
      push(read(readList[i]), read(readList[i + 1]));
      i++;
    } else {
      const call = read(readList[i]);
      push(call);
      if (call.outcome !== 'ok') push(read(readList[i])); // the retry the model makes after the trouble
    }
  }
  // Edit, check, fix.
  const editCount = hard ? int(rand, 3, 6) : int(rand, 1, 2);
  const editList = readList.concat(unique).slice(0, editCount);
  const batches = editCount > 3 && rand() < 0.5 ? [editList.slice(0, 3), editList.slice(3)] : [editList];
  for (const batch of batches) {
    const first = edit(batch, 0.1);
    push(first);
    if (first.outcome === 'rejected') push(edit(batch, 0.1));
  }
  for (let round = 0; round < 3; round++) {
    const fails = rand() < (hard ? 0.45 : 0.25) - round * 0.1;
    const run = command(fails, 0.04);
    push(run);
    if (run.outcome === 'ok' || run.outcome === 'rejected') break;
    push(read(editList[0]));
    push(edit([editList[0]], 0.05));
  }
  // Pad short tasks with a look at the problems list, then answer; cut long ones at 19 tool steps.
  while (steps.length < 4) push({ id: id(), name: 'get_problems', kind: 'read', args: '{}', result: 'No problems.', outcome: 'ok' });
  steps.length = Math.min(steps.length, 19);
  const summary = Array.from({ length: int(rand, 4, 12) }, () => `${say()} Updated ${pick(rand, unique)} accordingly.`).join(' ');
  steps.push({ text: summary, calls: [] });
  return { id: `task-${index + 1}`, request, hard, steps };
}

/** `count` tasks from `seed`. */
export function agentTrace(seed = 20261202, count = 36): TraceTask[] {
  const rand = prng(seed);
  return Array.from({ length: count }, (_, i) => task(rand, i));
}

/** Token counts of a task: the first prompt, and per step its output and what it adds to the next prompt. */
export interface TaskTokens {
  task: TraceTask;
  /** Prompt of each step. */
  prompts: number[];
  outputs: number[];
  /** Distinct files read before each step. */
  filesInPlay: number[];
}

/** Tokens of framing per message and per tool call. */
export const FRAMING = 4;

/** Counts a task's tokens with the real tokenizer; `base` is the system prompt with the tool definitions. */
export function tokensOf(task: TraceTask, base: number): TaskTokens {
  const prompts: number[] = [];
  const outputs: number[] = [];
  const filesInPlay: number[] = [];
  const read = new Set<string>();
  let prompt = base + countTokens(task.request) + FRAMING;
  for (const s of task.steps) {
    prompts.push(prompt);
    filesInPlay.push(read.size);
    const out = countTokens(s.text) + s.calls.reduce((n, c) => n + countTokens(c.name) + countTokens(c.args) + FRAMING, 0);
    outputs.push(out);
    const results = s.calls.reduce((n, c) => n + countTokens(c.result) + FRAMING, 0);
    prompt += out + FRAMING + (s.calls.length ? results + FRAMING : 0);
    for (const c of s.calls) if (c.read) read.add(c.read);
  }
  return { task, prompts, outputs, filesInPlay };
}
