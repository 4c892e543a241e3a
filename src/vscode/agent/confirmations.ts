/**
 * What VS Code's confirmation shows before Gearshift's propose_edits or run_command runs for VS Code's own agent
 * (the side panel asks through its own UI). Markdown text; plain Node (no `vscode`), unit-tested.
 */
import type { FileChange } from '../../core/agent/types';

/** Diff text shown in one confirmation at most; the rest is summarized. */
export const CONFIRMATION_DIFF_CHARS = 12_000;

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
function fence(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function codeBlock(text: string, language: string): string {
  const f = fence(text);
  return `${f}${language}\n${text}\n${f}`;
}

/** Inline code that the path cannot break out of. */
function inlineCode(text: string): string {
  const clean = text.replace(/[\r\n]/g, ' ');
  let longest = 0;
  for (const run of clean.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  if (longest === 0) return `\`${clean}\``;
  const f = '`'.repeat(longest + 1);
  return `${f} ${clean} ${f}`;
}

/** Lines added and removed in a unified diff. */
export function diffStat(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}

export function editConfirmation(files: readonly FileChange[]): { title: string; message: string } {
  const title = files.length === 1 ? `Write ${files[0].path}?` : `Write ${files.length} files?`;
  const summary = files.map((f) => {
    const { added, removed } = diffStat(f.diff);
    return `- ${inlineCode(f.path)}: ${f.before === undefined ? `new file, ${added} line(s)` : `+${added} −${removed}`}`;
  });
  const diffs: string[] = [];
  let budget = CONFIRMATION_DIFF_CHARS;
  let hidden = 0;
  for (const f of files) {
    if (f.diff.length > budget) {
      hidden++;
      continue;
    }
    budget -= f.diff.length;
    diffs.push(codeBlock(f.diff.replace(/\n$/, ''), 'diff'));
  }
  const more = hidden > 0 ? [`(${hidden} diff(s) too long to show here.)`] : [];
  const message = ['Gearshift will write these files, each as one undoable step:', ...summary, '', ...diffs, ...more].join('\n');
  return { title, message };
}

export function commandConfirmation(command: string, cwd: string): { title: string; message: string } {
  const where = cwd === '' ? 'the workspace folder' : inlineCode(cwd);
  return {
    title: 'Run this command?',
    message: `Gearshift will run this in the "Gearshift Agent" terminal, in ${where}:\n\n${codeBlock(command, 'sh')}`,
  };
}
