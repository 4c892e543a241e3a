/**
 * search_text: lines of workspace files matching a literal or a regular expression. Runs in the core over the
 * host's file list and readFile, and never stalls: files over 1 MiB and binary files are skipped, the scan stops at
 * SEARCH_LIMITS.matches hits or after SEARCH_LIMITS.budgetMs, yields to the event loop as it goes, honours the
 * abort signal, and matches in linear time (textSearch.ts).
 */
import type { AgentTool, ToolOutput } from '../types';
import { listFiles, workspaceGlob } from './findFiles';
import type { WorkspaceHost } from './host';
import { guarded, looksBinary, ok, optionalBoolean, optionalString, toolError, yieldToLoop } from './output';
import type { WorkspacePaths } from './paths';
import { compileQuery, shownLine } from './textSearch';

export const SEARCH_TEXT = 'search_text';

export const SEARCH_LIMITS = {
  /** Hits returned. */
  matches: 200,
  /** Hits from one file. */
  perFile: 30,
  /** Files looked at. */
  files: 5000,
  /** Larger files are skipped. */
  fileBytes: 1024 * 1024,
  /** Time for the whole scan. */
  budgetMs: 5000,
  /** Longest run without yielding to the event loop. */
  sliceMs: 15,
} as const;

export interface SearchOptions {
  /** Overrides SEARCH_LIMITS.budgetMs (tests). */
  budgetMs?: number;
  now?: () => number;
}

export function searchTextTool(host: WorkspaceHost, paths: WorkspacePaths, options: SearchOptions = {}): AgentTool {
  return {
    readOnly: true,
    definition: {
      name: SEARCH_TEXT,
      description:
        'Search the text of workspace files, line by line. Returns "path:line: text" for each matching line ' +
        `(at most ${SEARCH_LIMITS.matches}, ${SEARCH_LIMITS.perFile} per file). Case-insensitive unless caseSensitive is true. ` +
        'The query matches within one line. With isRegex, it is a regular expression in RE2 syntax (no lookarounds or backreferences). ' +
        `Files over ${SEARCH_LIMITS.fileBytes / (1024 * 1024)} MiB, binary files, and secret or excluded files are not searched.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'Text to find (a regular expression when isRegex is true).' },
          isRegex: { type: 'boolean', description: 'Treat the query as a regular expression (default false).' },
          caseSensitive: { type: 'boolean', description: 'Match case exactly (default false).' },
          include: { type: 'string', description: 'Only files matching this glob, e.g. "src/**/*.ts" or "*.py" (default: all files).' },
        },
        required: ['query'],
        additionalProperties: false,
      },
    },
    run: (input, ctx) => guarded(SEARCH_TEXT, ctx.signal, () => searchText(host, paths, input, ctx.signal, options)),
  };
}

async function searchText(
  host: WorkspaceHost,
  paths: WorkspacePaths,
  input: Record<string, unknown>,
  signal: AbortSignal,
  options: SearchOptions,
): Promise<ToolOutput> {
  const query = input.query;
  if (typeof query !== 'string' || query === '') return toolError('search_text: "query" must be a non-empty string.');
  const isRegex = optionalBoolean(input, 'isRegex') ?? false;
  const caseSensitive = optionalBoolean(input, 'caseSensitive') ?? false;
  const includeRaw = optionalString(input, 'include');
  const include = includeRaw === undefined ? '**/*' : workspaceGlob(includeRaw, 'include glob');
  const matcher = compileQuery(query, isRegex, caseSensitive);
  if (matcher instanceof Error) return toolError(matcher.message);
  if (paths.roots().length === 0) return ok('No workspace folder is open.');

  const now = options.now ?? Date.now;
  const deadline = now() + (options.budgetMs ?? SEARCH_LIMITS.budgetMs);
  const { files, more } = await listFiles(host, paths, include, SEARCH_LIMITS.files, signal);
  const hits: string[] = [];
  const filesHit = new Set<string>();
  let large = 0;
  let binary = 0;
  let searched = 0;
  let perFileCut = 0;
  // Stopped while listing: the list is partial.
  let stop: 'matches' | 'time' | 'signal' | undefined = signal.aborted ? 'signal' : undefined;
  let sliceEnd = now() + SEARCH_LIMITS.sliceMs;

  scan: for (const file of files) {
    if (signal.aborted) {
      stop = 'signal';
      break;
    }
    if (now() >= deadline) {
      stop = 'time';
      break;
    }
    const stat = await host.stat(file.abs);
    if (!stat || stat.type !== 'file') continue;
    if (stat.size > SEARCH_LIMITS.fileBytes) {
      large++;
      continue;
    }
    const text = await host.readFile(file.abs);
    if (text === undefined) continue;
    if (text.length > SEARCH_LIMITS.fileBytes) {
      large++;
      continue;
    }
    if (looksBinary(text)) {
      binary++;
      continue;
    }
    searched++;
    let inFile = 0;
    let lineNo = 0;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      lineNo++;
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      if (matcher(line)) {
        if (inFile === SEARCH_LIMITS.perFile) {
          perFileCut++;
          break;
        }
        hits.push(`${file.display}:${lineNo}: ${shownLine(line)}`);
        filesHit.add(file.display);
        inFile++;
        if (hits.length >= SEARCH_LIMITS.matches) {
          stop = 'matches';
          break scan;
        }
      }
      if (now() >= sliceEnd) {
        if (now() >= deadline) {
          stop = 'time';
          break scan;
        }
        await yieldToLoop();
        if (signal.aborted) {
          stop = 'signal';
          break scan;
        }
        sliceEnd = now() + SEARCH_LIMITS.sliceMs;
      }
    }
    if (now() >= sliceEnd) {
      await yieldToLoop();
      sliceEnd = now() + SEARCH_LIMITS.sliceMs;
    }
  }

  const kind = isRegex ? 'regular expression' : 'text';
  const where = includeRaw ? ` in files matching "${includeRaw}"` : '';
  const notes: string[] = [];
  if (stop === 'matches') notes.push(`[Stopped at ${SEARCH_LIMITS.matches} matches; make the query more specific or narrow "include".]`);
  if (stop === 'time')
    notes.push(`[Stopped after ${(options.budgetMs ?? SEARCH_LIMITS.budgetMs) / 1000} s; narrow "include" to search fewer files.]`);
  if (stop === 'signal') notes.push('[Stopped before the search finished.]');
  if (more) notes.push(`[Only the first ${SEARCH_LIMITS.files} files were searched; narrow "include".]`);
  if (perFileCut) notes.push(`[${perFileCut} file(s) had more than ${SEARCH_LIMITS.perFile} matching lines; only the first are shown.]`);
  if (large) notes.push(`[${large} file(s) over ${SEARCH_LIMITS.fileBytes / (1024 * 1024)} MiB were skipped.]`);
  if (binary) notes.push(`[${binary} binary file(s) were skipped.]`);
  const head =
    hits.length === 0
      ? `No lines match the ${kind} "${query}"${where} (${searched} file(s) searched).`
      : `${hits.length} matching line(s) in ${filesHit.size} file(s) for the ${kind} "${query}"${where}:`;
  return ok([head, ...hits, ...notes].join('\n'));
}
