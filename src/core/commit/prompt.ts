import * as nodePath from 'node:path';
import { isExcluded } from '../privacy/exclude';
import { redactSecrets } from '../privacy/redact';
import { fitDiff, type DiffPart } from './budget';
import { fileText, headerAndHunks, splitDiff } from './diffFiles';
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

/** True when any path the diff names for the file is excluded (or it names none that can be read). */
function excludedFile(paths: readonly string[], input: CommitPromptInput): boolean {
  if (paths.length === 0) return true;
  return paths.some((p) => {
    if (isExcluded(p, input.exclude, input.repositoryRoot)) return true;
    const onDisk = input.repositoryRoot ? nodePath.join(input.repositoryRoot, p) : undefined;
    return onDisk !== undefined && isExcluded(onDisk, input.exclude, input.workspaceRoot ?? input.repositoryRoot);
  });
}

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
  const { files } = splitDiff(input.diff);
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
    if (excludedFile(f.paths, input)) {
      excluded++;
      continue;
    }
    const summary = noiseSummary(f);
    if (summary !== undefined) {
      summaries.push(redact(summary));
      summarised.push(f.path);
      continue;
    }
    // Redacted whole, so a secret spanning two hunks is caught, then split again.
    parts.push({ path: redact(f.path), ...headerAndHunks(redact(fileText(f))) });
    partFiles.push(f.path);
  }
  const base = { system: systemPrompt(style, examples), summarised, excluded, style };
  if (parts.length === 0 && summaries.length === 0) {
    const nothing = files.length === 0 ? 'no-changes' : 'all-excluded';
    return { ...base, user: '', sent: [], omitted: [], redactions, nothing };
  }
  const fitted = fitDiff(parts, input.budgetTokens ?? COMMIT_DIFF_TOKENS);
  const sentIndex = parts.map((p, i) => i).filter((i) => fitted.included[i]);
  const sent = sentIndex.map((i) => parts[i].path);
  const user: string[] = [`Write a commit message for these ${input.staged ? 'staged changes' : 'changes (nothing is staged)'}.`];
  if (summaries.length > 0) user.push('', 'Changed without a diff shown:', ...summaries.map((s) => `- ${s}`));
  if (excluded > 0) {
    const one = excluded === 1;
    user.push('', `${excluded} more changed file${one ? ' is' : 's are'} private and not shown; do not mention ${one ? 'it' : 'them'}.`);
  }
  if (fitted.omitted.length > 0) {
    user.push('', 'Left out of the diff to keep it short (describe them from their names only):', ...fitted.omitted.map((o) => `- ${o}`));
  }
  if (fitted.text) {
    const fence = fenceFor(fitted.text);
    user.push('', `${fence}diff`, fitted.text.replace(/\n$/, ''), fence);
  }
  const first = sentIndex.length > 0 ? partFiles[sentIndex[0]] : undefined;
  const firstPath = first !== undefined && input.repositoryRoot ? nodePath.join(input.repositoryRoot, first) : first;
  return { ...base, user: user.join('\n'), sent, omitted: fitted.omitted, redactions, ...(firstPath !== undefined && { firstPath }) };
}
