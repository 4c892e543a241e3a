/**
 * run_command: a shell command in the workspace, shown to the user and run only after approval (or when the user
 * chose to always allow that exact command in this workspace), with a timeout and an output cap. The output and
 * exit code go back to the model; a non-zero exit, a timeout or Stop are the outcome 'commandFailed'.
 */
import { randomUUID } from 'node:crypto';
import * as nodePath from 'node:path';
import type { AgentTool, ToolOutput, ToolRunContext } from '../types';
import type { AgentToolDeps, CommandRun } from './host';
import { formatBytes, guarded, redact, refused, requiredString, optionalString, toolError } from './output';
import type { WorkspacePaths } from './paths';

export const RUN_COMMAND = 'run_command';
export const COMMAND_LIMITS = { commandChars: 4000 } as const;

export function runCommandTool(deps: AgentToolDeps, paths: WorkspacePaths): AgentTool {
  return {
    readOnly: false,
    definition: {
      name: RUN_COMMAND,
      description:
        'Run a shell command in the workspace (in a terminal the user can see), e.g. to run tests or a build. The user sees the ' +
        'exact command and must approve it before it runs (unless they chose to always allow it). Returns its output (stdout and ' +
        'stderr, capped; long output keeps its start and end) and exit code. Commands are stopped after a timeout: do not start ' +
        'servers, watchers or anything interactive. Prefer read_file, find_files and search_text for reading the workspace.',
      inputSchema: {
        type: 'object',
        properties: {
          command: { type: 'string', description: 'The command line, e.g. "npm test -- --grep parser".' },
          cwd: { type: 'string', description: 'Workspace-relative folder to run it in (default: the workspace root).' },
        },
        required: ['command'],
        additionalProperties: false,
      },
    },
    run: (input, ctx) => guarded(RUN_COMMAND, ctx.signal, () => runCommand(deps, paths, input, ctx)),
  };
}

/** Most words of a command checked against the exclusions (a longer command is checked up to here). */
const MAX_CHECKED_WORDS = 400;

/**
 * The exclusion refusal of the first word of `command` that names an excluded or secret-looking file (relative to
 * `cwdAbs`, or absolute), or undefined. Words are split at blanks, quotes, shell operators and `=` (`--env-file=.env`);
 * globs and variables are not expanded, so this stops the plain cases (`cat .env`, `cp id_rsa /tmp`), not a
 * determined shell script: the user's approval of the exact command is the guard for the rest.
 */
export function excludedInCommand(command: string, cwdAbs: string, paths: WorkspacePaths): string | undefined {
  const words = command.split(/[\s"'`;|&<>()=,]+/).filter((w) => w !== '' && !w.startsWith('-') && !w.startsWith('$'));
  for (const word of words.slice(0, MAX_CHECKED_WORDS)) {
    const abs = nodePath.resolve(cwdAbs, word);
    const file = paths.fileAt(abs);
    const reason = file && paths.excludedReason(file);
    if (reason) return reason;
  }
  return undefined;
}

/** At most `max` bytes of text (UTF-8): its start and its end with a marker between. */
export function capOutput(text: string, max: number): { text: string; truncated: boolean } {
  const bytes = Buffer.byteLength(text);
  if (bytes <= max) return { text, truncated: false };
  const buf = Buffer.from(text);
  const half = Math.max(0, Math.floor(max / 2));
  // Decoding may split a character: the replacement character shows where.
  const head = buf.subarray(0, half).toString('utf8');
  const tail = buf.subarray(buf.length - half).toString('utf8');
  return { text: `${head}\n… [${formatBytes(bytes - 2 * half)} of output cut] …\n${tail}`, truncated: true };
}

async function runCommand(
  deps: AgentToolDeps,
  paths: WorkspacePaths,
  input: Record<string, unknown>,
  ctx: ToolRunContext,
): Promise<ToolOutput> {
  const command = requiredString(input, 'command').trim();
  if (command.length > COMMAND_LIMITS.commandChars)
    return toolError(`run_command: the command is longer than ${COMMAND_LIMITS.commandChars} characters.`);
  if (command.includes('\u0000')) return toolError('run_command: the command contains a NUL character.');
  const cwdInput = optionalString(input, 'cwd') ?? '.';
  const r = await paths.check(cwdInput);
  if (!r.ok) return r.refused ? refused(r.message) : toolError(r.message);
  const stat = await deps.host.stat(r.file.abs);
  if (!stat || stat.type !== 'directory') return toolError(`run_command: cwd "${cwdInput}" is not a folder of the workspace.`);
  const cwd = r.file.rel === '' && paths.roots().length === 1 ? '' : r.file.display;
  const touched = excludedInCommand(command, r.file.abs, paths);
  if (touched) {
    return refused(
      `run_command: the command names ${touched}\nA command may not read or change a file the other tools refuse; it did not run.`,
    );
  }

  if (!deps.allowList.get().includes(command)) {
    let run = false;
    let always = false;
    if (!ctx.signal.aborted) {
      try {
        const answer = await ctx.approve({ kind: 'command', id: randomUUID(), command, cwd }, ctx.signal);
        if (answer.kind === 'command' && !ctx.signal.aborted) ({ run, always = false } = answer);
      } catch {
        run = false;
      }
    }
    if (!run) {
      const why = ctx.signal.aborted ? 'The task was stopped before the user answered' : 'The user declined to run the command';
      return { content: redact(`${why}: ${command}\nIt did not run.`), outcome: 'rejected', detail: { kind: 'command', command } };
    }
    if (always) await deps.allowList.add(command);
  }

  const limits = deps.commandLimits();
  const maxOutputBytes = Math.max(1024, Math.floor(limits.maxOutputKiB * 1024));
  const timeoutMs = Math.max(1000, Math.floor(limits.timeoutSeconds * 1000));
  let result: CommandRun;
  try {
    result = await deps.host.runCommand(command, r.file.abs, { signal: ctx.signal, timeoutMs, maxOutputBytes });
  } catch (e) {
    return {
      content: redact(`The command could not be started: ${e instanceof Error ? e.message : String(e)}`),
      outcome: 'commandFailed',
      detail: { kind: 'command', command },
    };
  }
  const capped = capOutput(result.output, maxOutputBytes);
  const truncated = result.truncated || capped.truncated;
  const status = result.stopped
    ? '[Stopped by the user before it finished.]'
    : result.timedOut
      ? `[Timed out after ${limits.timeoutSeconds} s and was stopped.]`
      : result.exitCode === undefined
        ? '[Finished; the exit code is unknown.]'
        : `[Exit code ${result.exitCode}.]`;
  const notes = truncated ? `\n[Output cut to ${formatBytes(maxOutputBytes)}: its start and end are shown.]` : '';
  const body = capped.text.trim() === '' ? '(no output)' : capped.text.replace(/\s+$/, '');
  const failed = result.stopped || result.timedOut || (result.exitCode !== undefined && result.exitCode !== 0);
  return {
    content: redact(`$ ${command}\n${body}\n${status}${notes}`),
    outcome: failed ? 'commandFailed' : 'ok',
    detail: {
      kind: 'command',
      command,
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      ...(result.timedOut ? { timedOut: true } : {}),
      ...(result.stopped ? { stopped: true } : {}),
      ...(truncated ? { truncated: true } : {}),
    },
  };
}
