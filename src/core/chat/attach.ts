import { isExcluded } from '../privacy/exclude';
import { redactSecrets } from '../privacy/redact';
import { countTokens } from '../tokens';
import type { AttachmentKind, ChatAttachment } from './conversation';

/** Largest attachment accepted, in characters (~60k tokens). */
export const MAX_ATTACHMENT_CHARS = 240_000;

export interface AttachSource {
  /** Absolute path (or URI path) of the file: what the exclusion globs are matched against. */
  path: string;
  /** The workspace folder holding the file, so folder-anchored globs match. */
  workspaceRoot?: string;
  /** What the model and the chip see: the workspace-relative path (or just the file name outside the workspace). */
  displayPath: string;
  language?: string;
  text: string;
  /** 1-based line range of a selection; omitted for a whole file. */
  lines?: { start: number; end: number };
  /** Where it came from (an @-mention's kind); absent: the editor's selection or file. */
  kind?: AttachmentKind;
  /** What the chip shows, when not the path and line range ("@problems (3)"). */
  label?: string;
  /**
   * True for text gathered from several files (problems, a diff, terminal output) whose files were each checked
   * against the exclusions already: `path` then names no file of its own.
   */
  composite?: boolean;
}

export type AttachResult = { ok: true; attachment: ChatAttachment } | { ok: false; message: string };

/**
 * Turns editor text into a chat attachment, or says plainly why it cannot be one: excluded files
 * (built-in secret patterns or gearshift.exclude) never leave the machine, and the text of any other
 * file is redacted of secret-looking values before it is kept or sent.
 */
export function makeAttachment(src: AttachSource, excludeGlobs: readonly string[], id: string): AttachResult {
  const shown = src.displayPath;
  if (!src.composite && isExcluded(src.path, excludeGlobs, src.workspaceRoot)) {
    return {
      ok: false,
      message:
        `${shown} is excluded from Gearshift (a secret-file pattern or the gearshift.exclude setting), so it cannot be ` +
        `attached. Remove it from gearshift.exclude if it should be shareable.`,
    };
  }
  if (!src.text.trim()) {
    return { ok: false, message: src.lines ? 'The selection is empty: select some code first.' : `${shown} is empty.` };
  }
  if (src.text.length > MAX_ATTACHMENT_CHARS) {
    return {
      ok: false,
      message:
        `${shown} is too large to attach (${Math.round(src.text.length / 1000)}k characters; the limit is ` +
        `${MAX_ATTACHMENT_CHARS / 1000}k). Select the part you need and attach the selection.`,
    };
  }
  const { text, count } = redactSecrets(src.text);
  const range = src.lines ? (src.lines.start === src.lines.end ? `:${src.lines.start}` : `:${src.lines.start}-${src.lines.end}`) : '';
  const attachment: ChatAttachment = {
    id,
    path: shown,
    language: src.language,
    text,
    label: src.label ?? `${shown}${range}`,
    redactions: count,
    kind: src.kind ?? (src.lines ? 'selection' : 'file'),
    tokens: countTokens(text),
  };
  return { ok: true, attachment };
}
