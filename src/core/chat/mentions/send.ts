import type { CodebaseHit, CodebaseSearch } from '../../codebase/types';
import { countTokens } from '../../tokens';
import { withInlineAttachments, type ChatAttachment, type Conversation, type ModelChoice } from '../conversation';
import { attachmentBudget, fitToBudget, formatTokens, type PromptBudget } from './budget';
import { isCodebaseMarker, searchCodebase } from './codebase';

/** What the chat session needs for @-mentions when a message is sent (the composition root provides it). */
export interface MentionSupport {
  /** The chosen model's context window and the reserve for its answer. */
  budget(choice: ModelChoice): PromptBudget;
  /** @codebase hits as attachments (exclusions checked again, redacted, counted). */
  codebaseAttachments(hits: CodebaseHit[]): ChatAttachment[];
}

/** Tokens of the conversation so far as the next request sends it (earlier attachments inline), plus the new message. */
export function conversationTokens(c: Conversation, text: string): number {
  let n = countTokens(text);
  for (const t of c.turns) n += countTokens(t.role === 'user' ? withInlineAttachments(t) : t.content);
  return n;
}

/**
 * The attachments a message goes with: @codebase's marker replaced by the index's chunks for the message, then all of
 * them fitted into the model's prompt budget. `notice` says what was cut, dropped or could not be searched.
 */
export async function attachmentsAtSend(opts: {
  pending: readonly ChatAttachment[];
  text: string;
  conversation: Conversation;
  model: ModelChoice;
  support?: MentionSupport;
  codebase?: CodebaseSearch;
}): Promise<{ attachments: ChatAttachment[]; notice?: string }> {
  const notes: string[] = [];
  let list = [...opts.pending];
  const marker = list.findIndex(isCodebaseMarker);
  if (marker >= 0) {
    const toAttachments = opts.support ? (h: CodebaseHit[]) => opts.support!.codebaseAttachments(h) : () => [];
    const found = await searchCodebase(opts.codebase, opts.text, toAttachments);
    if (found.notice) notes.push(found.notice);
    list = [...list.slice(0, marker), ...found.attachments, ...list.slice(marker + 1).filter((a) => !isCodebaseMarker(a))];
  }
  if (opts.support && list.length > 0) {
    const b = opts.support.budget(opts.model);
    const room = attachmentBudget(b, conversationTokens(opts.conversation, opts.text));
    const fitted = fitToBudget(list, room, b.contextWindow);
    list = fitted.attachments;
    if (fitted.notes.length) {
      notes.push(`Cut to fit the model's ${formatTokens(b.contextWindow)}-token context window: ${fitted.notes.join('; ')}.`);
    }
  }
  return { attachments: list, notice: notes.length ? notes.join(' ') : undefined };
}

/** The pending chips as they would be sent to the chosen model (before counting the conversation): cuts shown early. */
export function pendingPreview(pending: readonly ChatAttachment[], model: ModelChoice, support?: MentionSupport): ChatAttachment[] {
  if (!support || pending.length === 0) return [...pending];
  const b = support.budget(model);
  const fitted = fitToBudget(pending, attachmentBudget(b, 0), b.contextWindow);
  return pending.map((a) => {
    const f = fitted.attachments.find((x) => x.id === a.id);
    if (!f) return { ...a, cut: `left out: over the ${formatTokens(b.contextWindow)}-token budget` };
    return f.cut ? { ...a, cut: f.cut } : a;
  });
}
