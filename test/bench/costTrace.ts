/**
 * The synthetic one-day developer session the cost bench replays (seeded: the same seed is the same day).
 * Assumptions are listed in cost.ts's header; this file only builds the trace and counts prompt tokens.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOLE_SYSTEM_PROMPT } from '../../src/core/completion/chatPrompt';
import { PREFIX_STEPS } from '../../src/core/completion/context';
import { DEFAULT_BUDGET } from '../../src/core/completion/types';
import { chatSystemPrompt, withAttachments } from '../../src/core/gateway/prompt';
import { countTokens } from '../../src/core/tokens';
import type { Attachment, ChatMessage, Tier } from '../../src/core/types';
import { prng } from '../tools/prng';
import { longReply } from './chatReply';

/** Log-normal around `median`, clamped: token sizes are skewed (most small, a few large). */
function sizer(rand: () => number): (median: number, spread: number, min: number, max: number) => number {
  return (median, spread, min, max) => {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.round(Math.min(max, Math.max(min, median * Math.exp(spread * z))));
  };
}

const int = (rand: () => number, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

export interface CompletionEvent {
  kind: 'completion';
  /** Minutes since the start of the day. */
  minute: number;
  file: string;
  language: string;
  /** Whole prompt, tokens. */
  prompt: number;
  /** Leading tokens identical to the previous completion's prompt in this file (0: none, or > 5 min ago). */
  sharedWithPrevious: number;
  output: number;
}

export interface ChatEvent {
  kind: 'chat';
  minute: number;
  conversationId: string;
  /** The conversation so far, ending with the new user message (as ChatSendRequest.messages). */
  messages: ChatMessage[];
  attachments: Attachment[];
  /** The dev-set item the user message came from, and its label. */
  item: string;
  label: Tier;
  /** Whole prompt as sent (system + messages with attachments), tokens. */
  prompt: number;
  /** The system prompt's tokens (the first cache breakpoint). */
  system: number;
  /** Leading tokens identical to the previous turn's prompt (the whole previous prompt), 0 on a first turn. */
  sharedWithPrevious: number;
  /** Minutes since the previous turn of this conversation. */
  gap: number;
  output: number;
}

export type TraceEvent = CompletionEvent | ChatEvent;

interface DevItem {
  id: string;
  messages: ChatMessage[];
  attachments: Attachment[];
  label: Tier;
}

let devset: DevItem[] | undefined;

export function loadDevset(): DevItem[] {
  devset ??= fs
    .readFileSync(path.resolve(__dirname, '../../../test/data/devset.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevItem);
  return devset;
}

/** Tokens of a chat prompt as the gateway sends it: system prompt, then each message (+4 tokens of framing each). */
function chatPromptTokens(messages: ChatMessage[], attachments: Attachment[]): number {
  const sent = withAttachments(messages, attachments);
  return countTokens(chatSystemPrompt()) + sent.reduce((n, m) => n + countTokens(m.content) + 4, 0);
}

const LANGUAGES = ['typescript', 'python', 'go', 'rust', 'java', 'typescript', 'python'];

/**
 * Inline completions, in bursts of typing in one file. The hole prompt (the default cheap models are chat
 * models) is: system prompt, the file's header line, prefix, <HOLE>, suffix, snippets from other files,
 * instruction ('legacy': the snippets before the file's header). Prefix/suffix follow the default budget
 * (1,500 / 500 tokens; suffix left over goes to the prefix).
 */
function completions(rand: () => number, size: ReturnType<typeof sizer>, layout: CompletionLayout): CompletionEvent[] {
  const out: CompletionEvent[] = [];
  const system = countTokens(HOLE_SYSTEM_PROMPT);
  const framing = 40; // "File path (language):", the fence lines, the instruction line
  const target = int(rand, 400, 600);
  let minute = 0;
  for (let burst = 0; out.length < target; burst++) {
    minute += rand() * (480 / 40);
    const file = `src/module${burst % 37}.${burst % 5}`;
    const language = LANGUAGES[burst % LANGUAGES.length];
    let length = size(3000, 0.7, 300, 15_000);
    let cursor = Math.floor(rand() * length);
    // Snippets from other open files: about 70% of requests have some; `snippetId` names one choice of them.
    const pick = (): number => (rand() < 0.7 ? size(250, 0.5, 60, DEFAULT_BUDGET.snippetTokens) : 0);
    let snippets = pick();
    let snippetId = 0;
    let snippetAt = cursor;
    let prev: { minute: number; start: number; snippetId: number; prefix: number } | undefined;
    const n = int(rand, 5, 40);
    for (let i = 0; i < n && out.length < target; i++) {
      const suffix = Math.min(length - cursor, DEFAULT_BUDGET.suffixTokens);
      const cap = DEFAULT_BUDGET.prefixTokens + (DEFAULT_BUDGET.suffixTokens - suffix);
      // The window slides with the cursor once the prefix is at its cap (its first line changes); since issue 13 its
      // first line moves in steps of an eighth of the cap (anchoredStart in src/core/completion/context.ts).
      const slid = cursor > cap ? cursor - cap : 0;
      const step = Math.floor(cap / PREFIX_STEPS);
      const start = layout === 'legacy' || slid === 0 ? slid : Math.min(cursor, Math.ceil(slid / step) * step);
      const prefix = cursor - start;
      // Snippets are chosen by the last lines before the cursor: a new choice after ~10 lines (~100 tokens).
      if (Math.abs(cursor - snippetAt) > 100) {
        snippets = pick();
        snippetId++;
        snippetAt = cursor;
      }
      // The leading part both prompts share: the system prompt; then, with the same snippets, the snippets and
      // the file header; then, while neither window has slid, the previous prefix (typing only adds after it).
      // Since issue 13 the file comes first and the snippets after it: they no longer cut the shared part short.
      let shared = 0;
      if (prev && minute - prev.minute <= 5) {
        shared = system;
        const window = prev.start === start ? Math.min(prev.prefix, prefix) : 0;
        if (layout === 'current') shared += framing / 2 + window;
        else if (prev.snippetId === snippetId) shared += snippets + framing / 2 + (prev.start === 0 && start === 0 ? window : 0);
      }
      out.push({
        kind: 'completion',
        minute,
        file,
        language,
        prompt: system + snippets + framing + prefix + suffix,
        sharedWithPrevious: shared,
        output: size(25, 0.6, 10, 60),
      });
      prev = { minute, start, snippetId, prefix };
      const typed = size(20, 0.6, 3, 120);
      cursor += typed;
      length += typed;
      minute += (5 + rand() * 55) / 60;
    }
  }
  return out;
}

/** Output tokens by the dev-set label: a cheap ask gets a short answer, a frontier one a long one. */
function outputFor(label: Tier, rand: () => number): number {
  return label === 'cheap' ? int(rand, 150, 400) : int(rand, 600, 1500);
}

/**
 * Chat conversations over the day. Each starts with a dev-set item (its messages and attachments as they
 * are); each follow-up is the last user message of another dev-set item without attachments, sent in the
 * same conversation. Assistant replies in the history are markdown of the reply's token size.
 */
function chats(rand: () => number): ChatEvent[] {
  const items = loadDevset();
  const followUps = items.filter((d) => d.attachments.length === 0);
  const order = items
    .map((d) => ({ d, k: rand() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.d);
  const out: ChatEvent[] = [];
  const conversations = int(rand, 12, 19);
  for (let c = 0; c < conversations; c++) {
    const first = order[c % order.length];
    const conversationId = `conv-${c}`;
    let minute = rand() * 460;
    let history: ChatMessage[] = first.messages.slice(0, -1);
    let ask = first.messages[first.messages.length - 1];
    let attachments = first.attachments;
    let item = first;
    let previousPrompt = 0;
    let gap = 0;
    const turns = int(rand, 1, 6);
    for (let t = 0; t < turns; t++) {
      const messages = [...history, ask];
      const prompt = chatPromptTokens(messages, attachments);
      const output = outputFor(item.label, rand);
      out.push({
        kind: 'chat',
        minute,
        conversationId,
        messages,
        attachments,
        item: item.id,
        label: item.label,
        prompt,
        system: countTokens(chatSystemPrompt()),
        sharedWithPrevious: previousPrompt,
        gap,
        output,
      });
      // The next turn: earlier attachments travel inline, the reply joins the history.
      history = [...withAttachments(messages, attachments), { role: 'assistant', content: longReply(output * 4).slice(0, output * 4) }];
      previousPrompt = prompt;
      item = followUps[Math.floor(rand() * followUps.length)];
      ask = item.messages[item.messages.length - 1];
      attachments = [];
      gap = 1 + rand() * 4;
      minute += gap;
    }
  }
  return out;
}

/**
 * How completion prompts are laid out: 'legacy' as before issue 13 (snippets, then the file; the prefix window's
 * first line slides with every line typed once the window is full), 'current' as Gearshift builds them now (the file,
 * then the snippets; the first line moves in steps). Both draw the same random numbers: the same day.
 */
export type CompletionLayout = 'legacy' | 'current';

/** One working day: completions and chat turns, in time order. */
export function syntheticDay(seed = 42, layout: CompletionLayout = 'current'): TraceEvent[] {
  const rand = prng(seed);
  const size = sizer(rand);
  return [...completions(rand, size, layout), ...chats(rand)].sort((a, b) => a.minute - b.minute);
}
