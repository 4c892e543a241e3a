/**
 * What a tool gave back, made fit to send: secrets redacted (privacy/redact.ts) and the text capped, BEFORE it goes
 * into the task's messages (so neither a model, the transcript nor the history ever holds more).
 */
import { redactSecrets } from '../privacy/redact';

/** Most characters of one tool result that reach a model (64 Ki). */
export const MAX_RESULT_CHARS = 64 * 1024;

export interface SealedOutput {
  text: string;
  /** Secrets replaced. */
  redacted: number;
  /** Characters left out at the end (0: the whole output is there). */
  cut: number;
}

/**
 * Redacts, then caps at `max` characters with a note saying how much was cut. Very long outputs are first cut (at a
 * line end, so a secret is not split into a piece the rules no longer recognise) to a few times the cap, so
 * redaction never walks megabytes only to throw them away.
 */
export function sealToolOutput(text: string, max = MAX_RESULT_CHARS): SealedOutput {
  let cut = 0;
  let body = text;
  const preCap = max * 4;
  if (body.length > preCap) {
    const lineEnd = body.lastIndexOf('\n', preCap);
    const at = lineEnd > preCap / 2 ? lineEnd : preCap;
    cut += body.length - at;
    body = body.slice(0, at);
  }
  const r = redactSecrets(body);
  body = r.text;
  if (body.length > max) {
    let at = max;
    // Never split a surrogate pair (half a character is not text a provider accepts).
    const c = body.charCodeAt(at - 1);
    if (c >= 0xd800 && c <= 0xdbff) at--;
    cut += body.length - at;
    body = body.slice(0, at);
  }
  if (cut > 0) body += `\n[… output cut: ${cut} more characters not shown]`;
  return { text: body, redacted: r.count, cut };
}
