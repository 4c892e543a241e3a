import { redactSecrets } from '../privacy/redact';
import {
  CHAT_MODES,
  newConversation,
  summarize,
  type ChatMode,
  type Conversation,
  type ConversationSummary,
  type ModelChoice,
} from './conversation';
import { isModelChoice } from './messages';

/** The slice of vscode.Memento the store needs (workspaceState fits it). */
export interface KeyValueStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface Index {
  ids: string[];
  activeId?: string;
  model?: ModelChoice;
  mode?: ChatMode;
}

const INDEX_KEY = 'gearshift.chat.index';
const CONV_PREFIX = 'gearshift.chat.conversation.';

export const INTERRUPTED =
  'The window was reloaded (or the extension restarted) while this reply was streaming; the partial reply is kept.';

export interface HistoryStoreOptions {
  newId(): string;
  now(): number;
  /** Least time between two writes of the same conversation through saveSoon (partial replies). */
  throttleMs: number;
}

/**
 * Conversations of one workspace over a key-value storage: an index (order, active conversation, picker
 * choice) and one key per conversation, so saving a streaming reply rewrites only its own conversation.
 * The newest conversation comes first. A conversation with no turns is not listed (but its draft is kept).
 */
export class HistoryStore {
  private readonly cache = new Map<string, Conversation>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly opts: HistoryStoreOptions,
  ) {}

  private index(): Index {
    const raw = this.storage.get<Index>(INDEX_KEY);
    if (!raw || !Array.isArray(raw.ids)) return { ids: [] };
    return {
      ids: raw.ids.filter((x) => typeof x === 'string'),
      activeId: raw.activeId,
      model: isModelChoice(raw.model) ? raw.model : undefined,
      mode: CHAT_MODES.includes(raw.mode as ChatMode) ? raw.mode : undefined,
    };
  }

  private async writeIndex(ix: Index): Promise<void> {
    await this.storage.update(INDEX_KEY, ix);
  }

  get(id: string): Conversation | undefined {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const raw = this.storage.get<Conversation>(CONV_PREFIX + id);
    if (!raw || typeof raw !== 'object' || !Array.isArray(raw.turns)) return undefined;
    const c: Conversation = { ...newConversation(id, raw.createdAt ?? 0), ...raw, draft: typeof raw.draft === 'string' ? raw.draft : '' };
    this.cache.set(id, c);
    const scrubbed = scrubSecrets(c);
    const interrupted = restoreInterrupted(c);
    if (interrupted || scrubbed) void this.save(c, interrupted);
    return c;
  }

  /** Listed conversations, newest activity first. */
  list(): ConversationSummary[] {
    return this.index()
      .ids.map((id) => this.get(id))
      .filter((c): c is Conversation => !!c && c.turns.length > 0)
      .map(summarize)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The conversation shown in the panel; one is created when there is none. */
  async active(): Promise<Conversation> {
    const ix = this.index();
    const c = ix.activeId ? this.get(ix.activeId) : undefined;
    return c ?? this.create();
  }

  /** A new empty conversation, made active. An empty active conversation is reused instead. */
  async create(): Promise<Conversation> {
    const ix = this.index();
    const current = ix.activeId ? this.get(ix.activeId) : undefined;
    if (current && current.turns.length === 0) return current;
    const c = newConversation(this.opts.newId(), this.opts.now());
    this.cache.set(c.id, c);
    await this.storage.update(CONV_PREFIX + c.id, c);
    await this.writeIndex({ ...ix, ids: [c.id, ...ix.ids], activeId: c.id });
    return c;
  }

  async setActive(id: string): Promise<Conversation | undefined> {
    const c = this.get(id);
    if (!c) return undefined;
    await this.writeIndex({ ...this.index(), activeId: id });
    return c;
  }

  async rename(id: string, title: string): Promise<boolean> {
    const c = this.get(id);
    if (!c) return false;
    c.title = title;
    await this.save(c);
    return true;
  }

  async delete(id: string): Promise<void> {
    this.cancelPending(id);
    this.cache.delete(id);
    const ix = this.index();
    await this.storage.update(CONV_PREFIX + id, undefined);
    await this.writeIndex({ ...ix, ids: ix.ids.filter((x) => x !== id), activeId: ix.activeId === id ? undefined : ix.activeId });
  }

  async setDraft(id: string, text: string): Promise<void> {
    const c = this.get(id);
    if (!c || c.draft === text) return;
    c.draft = text;
    await this.save(c, false);
  }

  modelChoice(): ModelChoice {
    return this.index().model ?? 'auto';
  }

  async setModelChoice(model: ModelChoice): Promise<void> {
    await this.writeIndex({ ...this.index(), model });
  }

  /** Ask or Agent, as the user last chose in this workspace. */
  mode(): ChatMode {
    return this.index().mode ?? 'ask';
  }

  async setMode(mode: ChatMode): Promise<void> {
    await this.writeIndex({ ...this.index(), mode });
  }

  /** Writes the conversation now (cancelling a pending throttled write). `touch` bumps updatedAt. */
  async save(c: Conversation, touch = true): Promise<void> {
    this.cancelPending(c.id);
    if (touch) c.updatedAt = this.opts.now();
    this.cache.set(c.id, c);
    this.lastWrite.set(c.id, Date.now());
    await this.storage.update(CONV_PREFIX + c.id, c);
  }

  /** Writes the conversation at most once per throttleMs (for replies while they stream). */
  saveSoon(c: Conversation): void {
    if (this.timers.has(c.id)) return;
    const since = Date.now() - (this.lastWrite.get(c.id) ?? 0);
    const wait = Math.max(0, this.opts.throttleMs - since);
    const timer = setTimeout(() => {
      this.timers.delete(c.id);
      void this.save(c, false);
    }, wait);
    this.timers.set(c.id, timer);
  }

  /** Writes every pending throttled save now; nothing is left scheduled afterwards. */
  async flush(): Promise<void> {
    const ids = [...this.timers.keys()];
    await Promise.all(
      ids.map((id) => {
        const c = this.get(id);
        return c ? this.save(c, false) : undefined;
      }),
    );
  }

  private cancelPending(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }
}

/**
 * Conversations stored by earlier versions kept the user's message (and the title made from it, and the
 * draft) as typed, pasted keys included: they are redacted when read, and written back. True when one was.
 */
function scrubSecrets(c: Conversation): boolean {
  let changed = false;
  const clean = (s: string): string => {
    const r = redactSecrets(s);
    if (r.count > 0) changed = true;
    return r.count > 0 ? r.text : s;
  };
  c.title = clean(c.title);
  c.draft = clean(c.draft);
  for (const t of c.turns) if (t.role === 'user' && typeof t.content === 'string') t.content = clean(t.content);
  return changed;
}

/**
 * Replies still marked streaming in storage were cut off when an earlier session ended (a reply streaming
 * now is always in the cache): they become failed replies that can be retried. True when one was found.
 */
function restoreInterrupted(c: Conversation): boolean {
  let changed = false;
  for (const t of c.turns) {
    if (t.role === 'assistant' && t.status === 'streaming') {
      t.status = 'error';
      t.meta.error = { kind: 'interrupted', message: INTERRUPTED };
      changed = true;
    }
  }
  return changed;
}
