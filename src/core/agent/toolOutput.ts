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
 * Redacts, then caps at `max` characters with a note saying how much was cut (redacting first: a cut could split a
 * secret into a piece the rules no longer recognise). Outputs of more than 16 times the cap are first cut to that
 * (at a line end or space, never inside a token), so redaction never walks many megabytes only to throw them away;
 * a token cut there could only survive if redaction shrank the 16 × cap before it below the cap.
 */
export function sealToolOutput(text: string, max = MAX_RESULT_CHARS): SealedOutput {
  let cut = 0;
  let body = text;
  const preCap = max * 16;
  if (body.length > preCap) {
    const at = Math.max(body.lastIndexOf('\n', preCap), body.lastIndexOf(' ', preCap), body.lastIndexOf('\t', preCap));
    const end = at > preCap / 2 ? at : preCap;
    cut += body.length - end;
    body = body.slice(0, end);
  }
  const r = redactSecrets(body);
  body = r.text;
  let redacted = r.count;
  if (body.length > max) {
    cut += body.length - max;
    body = cutAt(body, max);
    // A cut can end a longer token where its first part is shaped like a key (AKIAIOSFODNN7EXAMPLE0 cut after 20
    // characters): that part is redacted too, and cut again should the marker be longer than what it replaced.
    const again = redactSecrets(body);
    if (again.count > 0) {
      redacted += again.count;
      body = cutAt(again.text, max);
    }
  }
  if (cut > 0) body += `\n[… output cut: ${cut} more characters not shown]`;
  return { text: body, redacted, cut };
}

/** The first `max` UTF-16 units of `text`, one fewer rather than half a surrogate pair (text a provider accepts). */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const c = text.charCodeAt(max - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}
