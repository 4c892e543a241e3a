import type { ChatMessage } from '../types';

/** The user says the previous answer did not help. */
const UNSATISFIED =
  new RegExp(
    [
      String.raw`\b(?:that'?s|this is|it'?s|is) (?:still )?(?:wrong|incorrect|not right|not it)\b|\bstill (?:doesn'?t|`,
      String.raw`does not|don'?t|isn'?t|not|fails?|failing|broken|crash|getting|the same|wrong|hangs?)\b|\b(?:doesn'?t|`,
      String.raw`does not|didn'?t|did not) (?:work|help|fix|compile|change anything)\b|\bnot working\b|\bsame (?:error|`,
      String.raw`problem|issue|result)\b|^\s*(?:no|nope)\b[,.!\s]|\bwrong answer\b|\btry again\b|\bthat'?s not what\b|`,
      String.raw`\byou misunderstood\b|funktioniert (?:immer )?noch nicht|\bfalsch\b|sigue sin funcionar|\bno funciona\b|`,
      String.raw`ainda não funciona|\bnão funciona\b|还是不行|不对|错了|没用|まだ動かない|違います|動きません`,
    ].join(''),
    'iu',
  );

const TOKEN = /[\p{L}\p{N}]+/gu;

function tokens(text: string): Set<string> {
  return new Set((text.toLowerCase().match(TOKEN) ?? []).slice(0, 200));
}

/**
 * Why a follow-up should escalate, or undefined: the user pushes back on an answer that was
 * already given, or asks (nearly) the same question again.
 */
export function escalationCue(messages: readonly ChatMessage[]): string | undefined {
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') { last = i; break; }
  if (last < 1 || !messages.slice(0, last).some((m) => m.role === 'assistant')) return undefined;
  const text = messages[last].content;
  const m = UNSATISFIED.exec(text.slice(0, 400));
  if (m) return `'${m[0].trim().replace(/[,.!]$/, '')}'`;
  const now = tokens(text);
  if (now.size < 3) return undefined;
  for (const earlier of messages.slice(0, last)) {
    if (earlier.role !== 'user') continue;
    const before = tokens(earlier.content);
    let shared = 0;
    for (const t of now) if (before.has(t)) shared++;
    if (shared / (now.size + before.size - shared) >= 0.7) return 'repeated question';
  }
  return undefined;
}
