import { redactSecrets } from '../privacy/redact';
import { countTokens } from '../tokens';
import type { ChatAttachment } from './conversation';

/** One diagnostic as the editor reports it (1-based lines and columns). */
export interface Problem {
  line: number;
  column: number;
  endLine: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  /** "ts", "eslint"… */
  source?: string;
  code?: string;
}

/** Most problems listed in one attachment (the rest are counted). */
export const MAX_PROBLEMS = 50;

const RANK: Record<Problem['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** The problems whose lines meet a 1-based line range (all of them without one), in line order. */
export function problemsIn(problems: readonly Problem[], lines: { start: number; end: number } | undefined): Problem[] {
  const inside = lines ? problems.filter((p) => p.line <= lines.end && p.endLine >= lines.start) : problems.slice();
  return inside.sort((a, b) => a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity]);
}

export type ProblemsResult = { attachment: ChatAttachment } | { none: string };

/**
 * /fix's 'problems' attachment: the diagnostics meeting the selection (or the file, without one), one line each with
 * its line and column, severity, message and source ("src/app.ts:12:5 error TS2322: Type … (ts)"), redacted. Without
 * any, says so (the user is told, and /fix goes on without).
 */
export function problemsAttachment(
  displayPath: string,
  lines: { start: number; end: number } | undefined,
  all: readonly Problem[],
  id: string,
): ProblemsResult {
  const where = lines ? `${displayPath}:${lines.start === lines.end ? lines.start : `${lines.start}-${lines.end}`}` : displayPath;
  const found = problemsIn(all, lines);
  if (found.length === 0) return { none: `No problems are reported in ${where}: /fix sends the code without any.` };
  const shown = found.slice(0, MAX_PROBLEMS).map((p) => {
    const code = p.code ? ` ${p.source === 'ts' ? 'TS' : ''}${p.code}` : '';
    const source = p.source ? ` (${p.source})` : '';
    return `${displayPath}:${p.line}:${p.column} ${p.severity}${code}: ${p.message.replace(/\s*\n\s*/g, ' ')}${source}`;
  });
  if (found.length > MAX_PROBLEMS) shown.push(`… and ${found.length - MAX_PROBLEMS} more`);
  const { text, count } = redactSecrets(shown.join('\n'));
  const label = `problems in ${where}`;
  return {
    attachment: { id, path: displayPath, label, text, redactions: count, kind: 'problems', tokens: countTokens(text) },
  };
}
