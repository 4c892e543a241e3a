import * as nodePath from 'node:path';
import { isExcluded } from '../privacy/exclude';
import { redactSecrets } from '../privacy/redact';
import { fitDiff, type DiffPart } from './budget';
import { splitDiff, type FileDiff } from './diffFiles';
import { noiseSummary } from './noise';
import { detectStyle, styleRules, type CommitStyle } from './style';

/** Tokens of diff a commit message prompt carries at most (a cheap model's prompt stays small and fast). */
export const COMMIT_DIFF_TOKENS = 6000;

export interface CommitPromptInput {
  /** `git diff --cached` (or `git diff` when nothing is staged). */
  diff: string;
  /** True when `diff` is the staged changes. */
  staged: boolean;
  /** Recent commit messages, newest first (their subjects set the style). */
  recentMessages: readonly string[];
  /** gearshift.exclude globs (the secret-file patterns always apply). */
  exclude: readonly string[];
  /** The repository's root on disk: diff paths are relative to it (symlinks resolved, as for attachments). */
  repositoryRoot?: string;
  /** The workspace's root, for globs anchored to it ("config/private/**"). */
  workspaceRoot?: string;
  budgetTokens?: number;
}

export interface CommitPrompt {
  system: string;
  user: string;
  /** Files whose diff (whole or cut) is in the prompt. */
  sent: string[];
  /** Files summarised in one line (lockfiles, generated, binary). */
  summarised: string[];
  /** How many files were left out because they are excluded or secret (their names are not in the prompt either). */
  excluded: number;
  /** What was left out for the budget. */
  omitted: string[];
  /** Secrets replaced by «redacted:…» in the diff and the example subjects. */
  redactions: number;
  /** The first file sent, on disk when the root is known (for routing rules with `paths`). */
  firstPath?: string;
  style: CommitStyle;
  /** Nothing to describe: no changes at all, or only excluded ones. Nothing should be sent. */
  nothing?: 'no-changes' | 'all-excluded';
}

/**
 * True when the file is excluded: its path or the one it was renamed from (checked on disk too, symlinks resolved,
 * and against the workspace root for globs anchored there), or any other reading of the names in its header (checked
 * as text). A file without a readable name counts as excluded.
 */
function excludedFile(f: FileDiff, input: CommitPromptInput): boolean {
  if (!f.path || f.paths.length === 0) return true;
  const root = input.repositoryRoot;
  const main = [f.path, ...(f.from !== undefined ? [f.from] : [])];
  for (const p of main) {
    if (isExcluded(p, input.exclude, root)) return true;
    if (root && isExcluded(nodePath.join(root, p), input.exclude, input.workspaceRoot ?? root)) return true;
  }
  return f.paths.some((p) => !main.includes(p) && isExcluded(p, input.exclude));
}

/** At most this many "left out" lines; the rest are counted. */
const OMITTED_LINES = 20;

/** A fence longer than any run of backticks in `text`. */
function fenceFor(text: string): string {
  let ticks = '```';
  while (text.includes(ticks)) ticks += '`';
  return ticks;
}

function systemPrompt(style: CommitStyle, redactedExamples: string[]): string {
  const lines = [
    'You write git commit messages from a diff.',
    'Answer with the commit message only: a subject line, then optionally a blank line and a body.',
    'No code fences, no quotes, no preamble such as "Here is".',
    'Describe what the change does and why, from the diff; do not invent changes the diff does not show.',
    ...styleRules(style),
  ];
  if (redactedExamples.length > 0) {
    lines.push('', 'Recent subjects in this repository (match their style, not their content):');
    for (const e of redactedExamples) lines.push(`- ${e}`);
  }
  return lines.join('\n');
}

/**
 * The prompt of a commit message request: the diff split per file; excluded and secret files dropped entirely
 * (their names too); lockfiles, generated and binary files summarised in a line; secrets redacted in the rest; the
 * rest cut to the token budget by whole files and hunks, the prompt saying what was left out; the style of the
 * repository's recent subjects given as rules and examples. Pure: nothing here reads the disk but exclusion's
 * symlink check.
 */
export function buildCommitPrompt(input: CommitPromptInput): CommitPrompt {
  const steps = promptSteps(input);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Work between two chances for the event loop to run, in the async variant. */
const SLICE_MS = 8;

/**
 * buildCommitPrompt without holding the thread for long: it yields to the event loop every few milliseconds (between
 * files), so a diff of hundreds of files never stalls the extension host. Same result.
 */
export async function buildCommitPromptAsync(input: CommitPromptInput): Promise<CommitPrompt> {
  const steps = promptSteps(input);
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** buildCommitPrompt's work, yielding after the split and after each file. */
function* promptSteps(input: CommitPromptInput): Generator<void, CommitPrompt> {
  const { files } = splitDiff(input.diff);
  yield;
  const style = detectStyle(input.recentMessages);
  let redactions = 0;
  const redact = (t: string): string => {
    const r = redactSecrets(t);
    redactions += r.count;
    return r.text;
  };
  const examples = style.examples.map(redact);
  const parts: DiffPart[] = [];
  const summaries: string[] = [];
  const summarised: string[] = [];
  /** The real path of each part (its `path` is redacted). */
  const partFiles: string[] = [];
  let excluded = 0;
  for (const f of files) {
    yield;
    if (excludedFile(f, input)) {
      excluded++;
      continue;
    }
    const summary = noiseSummary(f);
    if (summary !== undefined) {
      summaries.push(redact(summary));
      summarised.push(f.path);
      continue;
    }
    // Header and hunks are redacted as they are tried for the budget (fitDiff): a hunk never sent is never scanned.
    parts.push({ path: redact(f.path), header: f.header, hunks: f.hunks });
    partFiles.push(f.path);
    yield;
  }
  const base = { system: systemPrompt(style, examples), summarised, excluded, style };
  if (parts.length === 0 && summaries.length === 0) {
    const nothing = files.length === 0 ? 'no-changes' : 'all-excluded';
    return { ...base, user: '', sent: [], omitted: [], redactions, nothing };
  }
  const fitted = fitDiff(parts, input.budgetTokens ?? COMMIT_DIFF_TOKENS, redact);
  const sentIndex = parts.map((p, i) => i).filter((i) => fitted.included[i]);
  const sent = sentIndex.map((i) => parts[i].path);
  const user: string[] = [`Write a commit message for these ${input.staged ? 'staged changes' : 'changes (nothing is staged)'}.`];
  if (summaries.length > 0) user.push('', 'Changed without a diff shown:', ...summaries.map((s) => `- ${s}`));
  if (excluded > 0) {
    const one = excluded === 1;
    user.push('', `${excluded} more changed file${one ? ' is' : 's are'} private and not shown; do not mention ${one ? 'it' : 'them'}.`);
  }
  if (fitted.omitted.length > 0) {
    const listed = fitted.omitted.slice(0, OMITTED_LINES).map((o) => `- ${o}`);
    const more = fitted.omitted.length - listed.length;
    if (more > 0) listed.push(`- and ${more} more file${more === 1 ? '' : 's'}`);
    user.push('', 'Left out of the diff to keep it short (describe them from their names only):', ...listed);
  }
  if (fitted.text) {
    const fence = fenceFor(fitted.text);
    user.push('', `${fence}diff`, fitted.text.replace(/\n$/, ''), fence);
  }
  const first = sentIndex.length > 0 ? partFiles[sentIndex[0]] : undefined;
  const firstPath = first !== undefined && input.repositoryRoot ? nodePath.join(input.repositoryRoot, first) : first;
  return { ...base, user: user.join('\n'), sent, omitted: fitted.omitted, redactions, ...(firstPath !== undefined && { firstPath }) };
}
