import * as nodePath from 'node:path';
import { isExcluded } from '../../privacy/exclude';
import { redactSecrets } from '../../privacy/redact';
import type { AttachSource } from '../attach';

/**
 * The text of the mentions gathered from several files — problems, a Git diff, terminal output — with every excluded
 * file's part left out before anything is attached (makeAttachment then redacts the rest and counts its tokens).
 */

export type Gathered = { ok: true; source: AttachSource; left: string[] } | { ok: false; message: string };

/** A file as the host found it: absolute path (what exclusions match), its workspace folder, and what is shown. */
export interface FileRef {
  path: string;
  workspaceRoot?: string;
  displayPath: string;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Problem {
  /** 1-based. */
  line: number;
  column: number;
  severity: Severity;
  message: string;
  source?: string;
  code?: string;
}

export interface ProblemFile extends FileRef {
  problems: Problem[];
}

/** Most problems attached by one @problems (errors first). */
export const MAX_PROBLEMS = 200;

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

function excluded(f: FileRef, globs: readonly string[]): boolean {
  return isExcluded(f.path, globs, f.workspaceRoot);
}

/** @problems: one line per diagnostic ("src/a.ts:3:7 error TS2322: …"), excluded files' problems dropped. */
export function gatherProblems(files: readonly ProblemFile[], globs: readonly string[], scope: 'file' | 'workspace'): Gathered {
  const left = files.filter((f) => f.problems.length > 0 && excluded(f, globs)).map((f) => f.displayPath);
  const all = files
    .filter((f) => !excluded(f, globs))
    .flatMap((f) => f.problems.map((p) => ({ f, p })))
    .sort((a, b) => SEVERITY_ORDER[a.p.severity] - SEVERITY_ORDER[b.p.severity]);
  if (all.length === 0) {
    const where = scope === 'file' ? 'The active file has' : 'The workspace has';
    return { ok: false, message: `${where} no problems${left.length ? ' outside excluded files' : ''}: nothing to attach for @problems.` };
  }
  const shown = all.slice(0, MAX_PROBLEMS);
  const lines = shown.map(({ f, p }) => {
    const code = p.code ? ` ${p.source ?? ''}${p.source ? '(' + p.code + ')' : p.code}` : p.source ? ` ${p.source}` : '';
    return `${f.displayPath}:${p.line}:${p.column} ${p.severity}${code}: ${p.message.replace(/\s*\n\s*/g, ' ')}`;
  });
  if (all.length > shown.length) lines.push(`… and ${all.length - shown.length} more`);
  const name = scope === 'file' ? '@problems' : '@problems:workspace';
  return {
    ok: true,
    left,
    source: {
      path: name,
      displayPath: name,
      text: lines.join('\n') + '\n',
      kind: 'problems',
      label: `${name} (${all.length})`,
      composite: true,
    },
  };
}

export interface GitDiff {
  /** The repository's root (absolute): diff paths are relative to it. */
  root: string;
  /** The workspace folder the repository belongs to, for folder-anchored globs. */
  workspaceRoot?: string;
  staged: string;
  unstaged: string;
}

/** A unified diff split per file: each part starts at its `diff --git a/… b/…` line. */
export function splitDiff(diff: string): { paths: string[]; text: string }[] {
  const parts: { paths: string[]; text: string }[] = [];
  const starts = [...diff.matchAll(/^diff --git .*$/gm)];
  if (starts.length === 0) return diff.trim() ? [{ paths: [], text: diff }] : [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i].index;
    const text = diff.slice(from, i + 1 < starts.length ? starts[i + 1].index : diff.length);
    parts.push({ paths: diffPaths(text), text });
  }
  return parts;
}

/** Every path a file's part names: the header's a/ and b/ paths and its ---/+++/rename lines. */
function diffPaths(part: string): string[] {
  const out = new Set<string>();
  const header = /^diff --git "?a\/(.+?)"? "?b\/(.+?)"?$/m.exec(part);
  if (header) [header[1], header[2]].forEach((p) => out.add(p));
  for (const m of part.matchAll(/^(?:---|\+\+\+) "?[ab]\/(.+?)"?\t?$/gm)) out.add(m[1]);
  for (const m of part.matchAll(/^(?:rename|copy) (?:from|to) (.+)$/gm)) out.add(m[1]);
  return [...out];
}

/** @diff: staged and unstaged changes, each excluded file's part dropped (its path named in `left`). */
export function gatherDiff(d: GitDiff, globs: readonly string[]): Gathered {
  const left = new Set<string>();
  const keep = (diff: string): string =>
    splitDiff(diff)
      .filter((part) => {
        const bad = part.paths.find((p) => isExcluded(nodePath.join(d.root, p), globs, d.workspaceRoot ?? d.root));
        if (bad) left.add(bad);
        return !bad;
      })
      .map((p) => p.text)
      .join('');
  const staged = keep(d.staged);
  const unstaged = keep(d.unstaged);
  if (!staged.trim() && !unstaged.trim()) {
    return {
      ok: false,
      message: left.size
        ? `The only changes are to excluded files (${[...left].join(', ')}): nothing to attach for @diff.`
        : 'There are no staged or unstaged changes: nothing to attach for @diff.',
    };
  }
  const sections = [staged.trim() && `# Staged changes\n${staged}`, unstaged.trim() && `# Unstaged changes\n${unstaged}`].filter(Boolean);
  const which = staged.trim() && unstaged.trim() ? 'staged + unstaged' : staged.trim() ? 'staged' : 'unstaged';
  return {
    ok: true,
    left: [...left],
    source: {
      path: '@diff',
      displayPath: '@diff',
      language: 'diff',
      text: sections.join('\n'),
      kind: 'diff',
      label: `@diff (${which})`,
      composite: true,
    },
  };
}

export interface TerminalCapture {
  name: string;
  /** The terminal's selected text, when there is one: it is attached instead of the last command. */
  selection?: string;
  /** The last command run with shell integration, its output (capped) and exit code. */
  command?: { commandLine: string; output: string; exitCode?: number; cwd?: string };
}

/** Most characters of terminal output attached: the end of the output is kept (where errors are). */
export const MAX_TERMINAL_CHARS = 48_000;

/** A word of the command that names an excluded file (`cat .env`), resolved against the command's folder. */
function excludedWord(commandLine: string, cwd: string | undefined, globs: readonly string[], workspaceRoot?: string): string | undefined {
  const words = commandLine.split(/[\s"'`;|&<>()=,]+/).filter((w) => w !== '' && !w.startsWith('-') && !w.startsWith('$'));
  return words.slice(0, 400).find((w) => isExcluded(cwd ? nodePath.resolve(cwd, w) : w, globs, workspaceRoot));
}

/** @terminal: the selection, else the last command and its output (a command that reads an excluded file is refused). */
export function gatherTerminal(t: TerminalCapture | undefined, globs: readonly string[], workspaceRoot?: string): Gathered {
  if (!t) return { ok: false, message: 'There is no active terminal: open one (and run a command or select its output) first.' };
  const base = { path: '@terminal', displayPath: '@terminal', language: 'shell', kind: 'terminal' as const, composite: true };
  if (t.selection?.trim()) {
    return { ok: true, left: [], source: { ...base, text: t.selection, label: `@terminal (${t.name}, selection)` } };
  }
  const c = t.command;
  if (!c) {
    return {
      ok: false,
      message:
        `The terminal "${t.name}" has no command recorded (shell integration records commands run since Gearshift started) ` +
        'and nothing is selected: select its output, or run the command again.',
    };
  }
  const bad = excludedWord(c.commandLine, c.cwd, globs, workspaceRoot);
  if (bad) {
    return {
      ok: false,
      message: `The last command in "${t.name}" names ${bad}, which is excluded from Gearshift: its output is not attached.`,
    };
  }
  const output = c.output.length > MAX_TERMINAL_CHARS ? `… (start cut)\n${c.output.slice(-MAX_TERMINAL_CHARS)}` : c.output;
  const exit = c.exitCode === undefined ? '' : `\n(exit code ${c.exitCode})`;
  const shown = redactSecrets(c.commandLine).text;
  const shortCmd = shown.length > 40 ? `${shown.slice(0, 39)}…` : shown;
  return { ok: true, left: [], source: { ...base, text: `$ ${c.commandLine}\n${output}${exit}`, label: `@terminal: ${shortCmd}` } };
}
