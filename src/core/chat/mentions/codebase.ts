import * as nodePath from 'node:path';
import type { CodebaseHit, CodebaseSearch } from '../../codebase/types';
import { makeAttachment } from '../attach';
import type { ChatAttachment } from '../conversation';
import { isCodebaseMarker, codebaseMarker } from './chip';

export { isCodebaseMarker, codebaseMarker };

/** Chunks attached for one @codebase. */
export const CODEBASE_HITS = 8;

/**
 * Search hits as attachments labelled `path:start-end`, each checked against the exclusions again (the index should
 * never hold an excluded file, but settings may have changed since it was built) and redacted again.
 */
export function codebaseAttachments(
  hits: readonly CodebaseHit[],
  root: string | undefined,
  globs: readonly string[],
  newId: () => string,
): ChatAttachment[] {
  const out: ChatAttachment[] = [];
  for (const hit of hits) {
    const r = makeAttachment(
      {
        path: root ? nodePath.join(root, hit.path) : hit.path,
        workspaceRoot: root,
        displayPath: hit.path,
        language: hit.language,
        text: hit.text,
        lines: { start: hit.startLine, end: hit.endLine },
        kind: 'codebase',
        label: `${hit.path}:${hit.startLine}-${hit.endLine}`,
      },
      globs,
      newId(),
    );
    if (r.ok) out.push(r.attachment);
  }
  return out;
}

export type CodebaseOutcome = { attachments: ChatAttachment[]; notice?: string };

/**
 * Runs @codebase for a message: the index's best chunks for its text, or a notice saying why none were attached
 * (no index in this window, not ready yet, nothing matched, the search failed).
 */
export async function searchCodebase(
  search: CodebaseSearch | undefined,
  text: string,
  toAttachments: (hits: CodebaseHit[]) => ChatAttachment[],
  signal?: AbortSignal,
): Promise<CodebaseOutcome> {
  if (!search) return { attachments: [], notice: '@codebase: there is no codebase index in this window; sent without it.' };
  const status = search.status();
  if (status.state !== 'ready') {
    const why = status.message ?? (status.state === 'indexing' ? `indexing (${status.indexed} of ${status.total} files)` : status.state);
    return { attachments: [], notice: `@codebase: the index is not ready (${why}); sent without it.` };
  }
  if (!text.trim()) return { attachments: [], notice: '@codebase: type a question to search the codebase with; sent without it.' };
  try {
    const hits = await search.search(text, CODEBASE_HITS, signal);
    const attachments = toAttachments(hits);
    return attachments.length ? { attachments } : { attachments, notice: '@codebase: nothing in the index matched the message.' };
  } catch (err) {
    return {
      attachments: [],
      notice: `@codebase: the search failed (${err instanceof Error ? err.message : String(err)}); sent without it.`,
    };
  }
}
