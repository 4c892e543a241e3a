/** read_file: a file's text (or a range of its lines), numbered, capped. */
import type { AgentTool, ToolOutput } from '../types';
import type { WorkspaceHost } from './host';
import { formatBytes, guarded, looksBinary, ok, optionalInteger, refused, requiredString, toolError } from './output';
import type { WorkspacePaths } from './paths';

export const READ_LIMITS = {
  /** Lines returned by one call. */
  lines: 2000,
  /** Characters returned by one call (about 64 KiB). */
  chars: 64 * 1024,
  /** A longer line is cut. */
  lineChars: 2000,
  /** Files larger than this are not read at all. */
  fileBytes: 8 * 1024 * 1024,
} as const;

export const READ_FILE = 'read_file';

export function readFileTool(host: WorkspaceHost, paths: WorkspacePaths): AgentTool {
  return {
    readOnly: true,
    definition: {
      name: READ_FILE,
      description:
        'Read a text file of the workspace, or a range of its lines. Lines come back numbered ("  12\\tcode"), ' +
        `at most ${READ_LIMITS.lines} lines or ${READ_LIMITS.chars / 1024} KiB per call; the answer says how to read the rest. ` +
        'Open editors are read with their unsaved changes. Secret files (.env, keys…) and files excluded by the user are refused.',
      inputSchema: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Workspace-relative path, e.g. "src/app.ts" (forward slashes).' },
          startLine: { type: 'integer', minimum: 1, description: 'First line to read, 1-based (default 1).' },
          endLine: { type: 'integer', minimum: 1, description: 'Last line to read, inclusive (default: as far as the caps allow).' },
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
    run: (input, ctx) => guarded(READ_FILE, ctx.signal, () => readFile(host, paths, input)),
  };
}

async function readFile(host: WorkspaceHost, paths: WorkspacePaths, input: Record<string, unknown>): Promise<ToolOutput> {
  const path = requiredString(input, 'path');
  const startLine = optionalInteger(input, 'startLine', 1) ?? 1;
  const endLine = optionalInteger(input, 'endLine', 1);
  if (endLine !== undefined && endLine < startLine) return toolError(`read_file: endLine (${endLine}) is before startLine (${startLine}).`);
  const r = await paths.check(path);
  if (!r.ok) return r.refused ? refused(r.message) : toolError(r.message);
  const { file } = r;
  const stat = await host.stat(file.abs);
  if (!stat) return toolError(`${file.display} does not exist. Use find_files to look for it.`);
  if (stat.type === 'directory')
    return toolError(`${file.display} is a folder. Use find_files with "${file.rel ? `${file.rel}/` : ''}*" to list it.`);
  if (stat.size > READ_LIMITS.fileBytes) {
    return toolError(
      `${file.display} is ${formatBytes(stat.size)}, over the ${formatBytes(READ_LIMITS.fileBytes)} read_file reads. ` +
        'Use search_text to find what you need in it.',
    );
  }
  const text = await host.readFile(file.abs);
  if (text === undefined) return toolError(`${file.display} does not exist.`);
  if (looksBinary(text)) return toolError(`${file.display} looks binary (it contains NUL bytes); read_file reads text files only.`);
  return ok(numbered(file.display, text, startLine, endLine));
}

/** The lines startLine..endLine of text, numbered, within READ_LIMITS, with a header and how to read on. */
export function numbered(display: string, text: string, startLine: number, endLine: number | undefined): string {
  const lines = text.split(/\r?\n/);
  // A final newline does not start another line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const total = text === '' ? 0 : lines.length;
  if (total === 0) return `${display} is empty.`;
  if (startLine > total) return `${display} has ${total} lines; startLine ${startLine} is past the end.`;
  const last = Math.min(endLine ?? total, total);
  const width = String(last).length;
  const out: string[] = [];
  let chars = 0;
  let cut = 0;
  let n = startLine;
  for (; n <= last && n - startLine < READ_LIMITS.lines; n++) {
    let line = lines[n - 1];
    if (line.length > READ_LIMITS.lineChars) {
      line = `${line.slice(0, READ_LIMITS.lineChars)}… (line cut: ${line.length} characters)`;
      cut++;
    }
    const entry = `${String(n).padStart(width)}\t${line}`;
    if (chars + entry.length + 1 > READ_LIMITS.chars && out.length > 0) break;
    out.push(entry);
    chars += entry.length + 1;
  }
  const shownEnd = n - 1;
  const whole = startLine === 1 && shownEnd === total;
  const head = whole ? `${display} (${total} line${total === 1 ? '' : 's'})` : `${display} (lines ${startLine}–${shownEnd} of ${total})`;
  const notes: string[] = [];
  if (shownEnd < last)
    notes.push(
      `[Stopped at line ${shownEnd} (read_file returns at most ${READ_LIMITS.lines} lines or ${READ_LIMITS.chars / 1024} KiB). ` +
        `To read on, call read_file with startLine ${shownEnd + 1}.]`,
    );
  if (cut > 0) notes.push(`[${cut} line(s) longer than ${READ_LIMITS.lineChars} characters were cut.]`);
  return [head, ...out, ...notes].join('\n');
}
