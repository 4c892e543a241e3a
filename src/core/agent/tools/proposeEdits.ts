/**
 * propose_edits: changes to one or many files (search/replace blocks, or whole contents for new files and
 * rewrites), shown to the user as diffs and written only for the files the user accepts, each as one undoable
 * step. Nothing is asked and nothing is written when any part of the proposal is wrong (all problems are reported
 * together, so the model can fix them in one go).
 */
import { randomUUID } from 'node:crypto';
import type { AgentTool, FileChange, ToolOutput, ToolRunContext } from '../types';
import { applyReplacements, unifiedDiff, type Replacement } from './editPlan';
import type { WorkspaceHost } from './host';
import { formatBytes, guarded, InputError, looksBinary, ok, redact, refused, toolError } from './output';
import type { WorkspaceFile, WorkspacePaths } from './paths';

export const PROPOSE_EDITS = 'propose_edits';

export const EDIT_LIMITS = {
  /** Files in one proposal. */
  files: 50,
  /** Size of a file before or after the edit. */
  fileBytes: 4 * 1024 * 1024,
} as const;

export function proposeEditsTool(host: WorkspaceHost, paths: WorkspacePaths): AgentTool {
  return {
    readOnly: false,
    definition: {
      name: PROPOSE_EDITS,
      description:
        'Propose changes to workspace files. The user reviews a diff per file and accepts or rejects each; ' +
        'only accepted files are written. Put every change of one step in ONE call (several files at once is fine).\n' +
        '- "edits": search/replace blocks for existing files. oldText must be copied exactly from the file (whitespace and ' +
        'indentation included) and must occur exactly once: include enough surrounding lines to make it unique, or set ' +
        'replaceAll. Several blocks for one file apply in order. Keep blocks small: only the lines that change plus a little context.\n' +
        '- "files": the full content of a new file, or of an existing file to rewrite whole.\n' +
        'If any block does not match, nothing is proposed and the error says which; fix and call again. ' +
        'The answer says which files were accepted (written) and which were rejected.',
      inputSchema: {
        type: 'object',
        properties: {
          edits: {
            type: 'array',
            description: 'Search/replace blocks for existing files.',
            items: {
              type: 'object',
              properties: {
                path: { type: 'string', description: 'Workspace-relative path of an existing file.' },
                oldText: { type: 'string', description: 'Exact text to replace, copied from the file; must occur once.' },
                newText: { type: 'string', description: 'The replacement text ("" deletes oldText).' },
                replaceAll: { type: 'boolean', description: 'Replace every occurrence of oldText (default false).' },
              },
              required: ['path', 'oldText', 'newText'],
              additionalProperties: false,
            },
          },
          files: {
            type: 'array',
            description: 'New files, or existing files rewritten whole.',
            items: {
              type: 'object',
              properties: {
                path: { type: 'string', description: 'Workspace-relative path; folders are created as needed.' },
                content: { type: 'string', description: 'The complete new content of the file.' },
              },
              required: ['path', 'content'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    },
    run: (input, ctx) => guarded(PROPOSE_EDITS, ctx.signal, () => proposeEdits(host, paths, input, ctx)),
  };
}

interface PlannedFile {
  file: WorkspaceFile;
  edits: (Replacement & { index: number })[];
  content?: string;
}

function arrayOf(input: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const v = input[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) {
    throw new InputError(`"${key}" must be an array of objects.`);
  }
  return v as Record<string, unknown>[];
}

function field(item: Record<string, unknown>, key: string, where: string): string {
  const v = item[key];
  if (typeof v !== 'string') throw new InputError(`${where}.${key} must be a string.`);
  return v;
}

async function proposeEdits(
  host: WorkspaceHost,
  paths: WorkspacePaths,
  input: Record<string, unknown>,
  ctx: ToolRunContext,
): Promise<ToolOutput> {
  const edits = arrayOf(input, 'edits');
  const files = arrayOf(input, 'files');
  if (edits.length + files.length === 0) {
    return toolError('propose_edits: give at least one entry in "edits" (search/replace) or "files" (full content).');
  }

  // Resolve every path once, in order of first mention; refuse the whole proposal if any path is refused.
  const planned = new Map<string, PlannedFile>();
  const refusals: string[] = [];
  const problems: string[] = [];
  const entries = [
    ...edits.map((e, index) => ({ e, where: `edits[${index}]`, index, whole: false })),
    ...files.map((e, index) => ({ e, where: `files[${index}]`, index, whole: true })),
  ];
  for (const { e, where, index, whole } of entries) {
    const path = field(e, 'path', where);
    const r = await paths.check(path);
    if (!r.ok) {
      (r.refused ? refusals : problems).push(`${where}: ${r.message}`);
      continue;
    }
    let plan = planned.get(r.file.abs);
    if (!plan) {
      if (planned.size === EDIT_LIMITS.files) throw new InputError(`one proposal may change at most ${EDIT_LIMITS.files} files.`);
      plan = { file: r.file, edits: [] };
      planned.set(r.file.abs, plan);
    }
    if (whole) {
      if (plan.content !== undefined || plan.edits.length > 0) {
        problems.push(`${where}: ${r.file.display} is already changed by another entry; give one "files" entry or only "edits" for it.`);
        continue;
      }
      plan.content = field(e, 'content', where);
    } else {
      const replaceAll = e.replaceAll;
      if (replaceAll !== undefined && typeof replaceAll !== 'boolean') throw new InputError(`${where}.replaceAll must be true or false.`);
      plan.edits.push({ index, oldText: field(e, 'oldText', where), newText: field(e, 'newText', where), replaceAll });
    }
  }
  if (refusals.length > 0) return refused([...refusals, 'Nothing was proposed or changed.'].join('\n'));

  // Compute each file's new text.
  const changes: { plan: PlannedFile; change: FileChange }[] = [];
  const unchanged: string[] = [];
  for (const plan of planned.values()) {
    const { file } = plan;
    const stat = await host.stat(file.abs);
    if (stat && stat.type !== 'file') {
      problems.push(`${file.display} is a folder, not a file.`);
      continue;
    }
    if (stat && stat.size > EDIT_LIMITS.fileBytes) {
      problems.push(`${file.display} is ${formatBytes(stat.size)}, over the ${formatBytes(EDIT_LIMITS.fileBytes)} propose_edits changes.`);
      continue;
    }
    const before = stat ? await host.readFile(file.abs) : undefined;
    if (before !== undefined && looksBinary(before)) {
      problems.push(`${file.display} looks binary; propose_edits changes text files only.`);
      continue;
    }
    let after: string;
    if (plan.content !== undefined) {
      after = plan.content;
    } else if (before === undefined) {
      problems.push(`${file.display} does not exist; to create it, give its full content in "files".`);
      continue;
    } else {
      const applied = applyReplacements(file.display, before, plan.edits);
      if (Array.isArray(applied)) {
        problems.push(...applied);
        continue;
      }
      after = applied;
    }
    if (after.length > EDIT_LIMITS.fileBytes) {
      problems.push(`The new ${file.display} would be over ${formatBytes(EDIT_LIMITS.fileBytes)}.`);
      continue;
    }
    if (after === before) {
      unchanged.push(file.display);
      continue;
    }
    changes.push({ plan, change: { path: file.display, before, after, diff: unifiedDiff(file.display, before, after) } });
  }
  if (problems.length > 0)
    return toolError([...problems, 'Nothing was proposed or changed; fix these and call propose_edits again.'].join('\n'));
  if (changes.length === 0) return toolError(`The proposal changes nothing (${unchanged.join(', ')} would stay as they are).`);

  // Ask once for all files; an aborted or failed wait rejects everything.
  let accepted = new Set<string>();
  if (!ctx.signal.aborted) {
    try {
      const answer = await ctx.approve({ kind: 'edit', id: randomUUID(), files: changes.map((c) => c.change) }, ctx.signal);
      if (answer.kind === 'edit' && !ctx.signal.aborted) accepted = new Set(answer.accepted);
    } catch {
      accepted = new Set();
    }
  }

  const lines: string[] = [];
  const detail: { path: string; diff: string; created: boolean; accepted: boolean }[] = [];
  let written = 0;
  let failed = 0;
  for (const { plan, change } of changes) {
    const created = change.before === undefined;
    // The transcript keeps the diff (history, webview): secrets in it are redacted like everything else kept.
    const entry = { path: change.path, diff: redact(change.diff), created, accepted: false };
    detail.push(entry);
    if (!accepted.has(change.path)) {
      lines.push(`- ${change.path}: rejected by the user; not written.`);
      continue;
    }
    // The file may have changed while the user looked: never overwrite what the diff did not show.
    const now = await host.readFile(plan.file.abs);
    if (now !== change.before) {
      failed++;
      lines.push(`- ${change.path}: accepted, but the file changed while waiting for approval; not written. Read it again.`);
      continue;
    }
    try {
      await host.applyEdit(plan.file.abs, change.after, { create: created });
      entry.accepted = true;
      written++;
      lines.push(`- ${change.path}: accepted and ${created ? 'created' : 'written'}.`);
    } catch (e) {
      failed++;
      lines.push(`- ${change.path}: accepted, but writing failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (unchanged.length > 0) lines.push(`(Unchanged, not proposed: ${unchanged.join(', ')}.)`);
  const rejected = changes.length - written - failed;
  if (written === 0 && failed === 0) {
    const why = ctx.signal.aborted ? 'The task was stopped before the user answered' : 'The user rejected the proposal';
    return {
      content: redact(`${why}; no file was changed.\n${lines.join('\n')}`),
      outcome: 'rejected',
      detail: { kind: 'edit', files: detail },
    };
  }
  const advice = rejected > 0 ? '\nDo not propose the rejected changes again unchanged; ask the user or take another approach.' : '';
  const head = `${written} of ${changes.length} file(s) written.`;
  const out = ok(`${head}\n${lines.join('\n')}${advice}`, { kind: 'edit', files: detail });
  return failed > 0 ? { ...out, outcome: 'toolError' } : out;
}
