import { redactSecrets } from '../privacy/redact';
import { looksMinified, skipAfterRead } from './admit';
import { chunkText, splitLines, type Chunk, type ChunkOptions } from './chunk';

/**
 * A read file's way into the index: decoded, refused when binary or minified, redacted (no secret reaches the index,
 * so none can reach a prompt from it) and chunked, the chunks' line ranges those of the file on disk.
 */

export type Prepared = { chunks: Chunk[]; secrets: number } | { skipped: string };

const decoder = new TextDecoder('utf-8', { fatal: false });

export function prepareFile(bytes: Uint8Array, opts?: ChunkOptions): Prepared {
  const binary = skipAfterRead(bytes);
  if (binary) return { skipped: binary };
  const raw = decoder.decode(bytes).replace(/^\uFEFF/, '');
  if (looksMinified(raw)) return { skipped: 'minified' };
  const { text, count } = redactSecrets(raw);
  const chunks = chunkText(text, opts);
  if (count > 0) remapLines(chunks, splitLines(raw), splitLines(text));
  return { chunks, secrets: count };
}

/**
 * Redaction may fold a multi-line secret (a PEM block) into one placeholder line, moving every later line up. Maps
 * the redacted text's line numbers back to the file's: lines before the first and after the last changed line are
 * the same lines; a line inside the changed span maps to its start.
 */
export function remapLines(chunks: Chunk[], raw: string[], red: string[]): void {
  if (raw.length === red.length) return;
  const min = Math.min(raw.length, red.length);
  let pre = 0;
  while (pre < min && raw[pre] === red[pre]) pre++;
  let suf = 0;
  while (suf < min - pre && raw[raw.length - 1 - suf] === red[red.length - 1 - suf]) suf++;
  const shift = raw.length - red.length;
  const map = (line: number): number => {
    if (line <= pre) return line;
    if (line > red.length - suf) return line + shift;
    return Math.min(pre + 1 + (line - pre - 1), raw.length - suf);
  };
  for (const c of chunks) {
    c.startLine = map(c.startLine);
    c.endLine = Math.max(c.startLine, map(c.endLine));
  }
}
