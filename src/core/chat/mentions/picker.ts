import { isExcluded } from '../../privacy/exclude';
import { makeAttachment, type AttachSource } from '../attach';
import type { ChatAttachment } from '../conversation';
import { codebaseMarker } from './codebase';
import { MAX_FILE_ITEMS, MAX_SYMBOL_ITEMS, matchingSpecials, type MentionItem, type SpecialMention } from './kinds';
import { rankPaths } from './rank';
import {
  gatherDiff,
  gatherProblems,
  gatherTerminal,
  type FileRef,
  type Gathered,
  type GitDiff,
  type ProblemFile,
  type TerminalCapture,
} from './sources';

/** A workspace file the host can read back (`key` is the host's own handle, e.g. its URI). */
export interface MentionFile extends FileRef {
  key: string;
}

export interface MentionSymbol extends MentionFile {
  name: string;
  /** "class", "function", … */
  kindName: string;
  container?: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

export type Read = { text: string; language?: string } | { message: string };

/** What the picker needs from the editor (src/vscode/chat/mentions implements it). Every method may fail with a message. */
export interface MentionHost {
  /** Workspace files to rank (.gitignore and files.exclude applied), most recently opened first. */
  files(signal?: AbortSignal): Promise<MentionFile[]>;
  symbols(query: string, signal?: AbortSignal): Promise<MentionSymbol[]>;
  read(file: MentionFile, lines?: { start: number; end: number }): Promise<Read>;
  problems(scope: 'file' | 'workspace'): Promise<ProblemFile[] | { message: string }>;
  terminal(): Promise<TerminalCapture | undefined>;
  diff(): Promise<GitDiff | { message: string }>;
  /** The open text editors' files (tabs), their text as the editor has it (unsaved edits included). */
  editors(): Promise<(FileRef & { text: string; language?: string })[]>;
  /** gearshift.exclude for a file (its folder's in a multi-root workspace), or the workspace's. */
  excludeGlobs(path?: string): readonly string[];
  /** The first workspace folder (terminal commands without a known folder resolve against it). */
  workspaceRoot(): string | undefined;
}

type Entry = { kind: 'special'; id: SpecialMention } | { kind: 'file'; file: MentionFile } | { kind: 'symbol'; symbol: MentionSymbol };

export type Picked = { ok: true; attachments: ChatAttachment[]; notes: string[] } | { ok: false; message: string };

/** Queries whose rows can still be picked (the view may show an older answer while a newer one is on its way). */
const KEPT_QUERIES = 4;

/**
 * The host side of the @-picker: answers a query with the special mentions, the best files (fuzzy) and symbols, and
 * turns a picked row into attachments — every file checked against the exclusions, every text redacted.
 */
export class MentionPicker {
  private readonly lists: Map<string, Entry>[] = [];
  private seq = 0;

  constructor(
    private readonly host: MentionHost,
    private readonly newId: () => string,
  ) {}

  async query(query: string, signal?: AbortSignal): Promise<MentionItem[]> {
    const entries = new Map<string, Entry>();
    const items: MentionItem[] = [];
    const add = (entry: Entry, item: Omit<MentionItem, 'id'>): void => {
      const id = `m${++this.seq}`;
      entries.set(id, entry);
      items.push({ id, ...item });
    };
    for (const s of matchingSpecials(query)) add({ kind: 'special', id: s.id }, { group: 'special', label: s.name, detail: s.description });
    const [files, symbols] = await Promise.all([
      this.host.files(signal).catch(() => [] as MentionFile[]),
      query.length >= 2 ? this.host.symbols(query, signal).catch(() => [] as MentionSymbol[]) : Promise.resolve([]),
    ]);
    const byPath = new Map(files.map((f) => [f.displayPath, f]));
    const ranked = await rankPaths([...byPath.keys()], query, MAX_FILE_ITEMS * 2);
    let shown = 0;
    for (const p of ranked) {
      const f = byPath.get(p);
      if (!f || this.excluded(f)) continue;
      const slash = p.lastIndexOf('/');
      add({ kind: 'file', file: f }, { group: 'files', label: p.slice(slash + 1), detail: slash > 0 ? p.slice(0, slash) : undefined });
      if (++shown >= MAX_FILE_ITEMS) break;
    }
    for (const s of symbols.filter((s) => !this.excluded(s)).slice(0, MAX_SYMBOL_ITEMS)) {
      add({ kind: 'symbol', symbol: s }, { group: 'symbols', label: s.name, detail: `${s.kindName} · ${s.displayPath}:${s.startLine}` });
    }
    this.lists.push(entries);
    if (this.lists.length > KEPT_QUERIES) this.lists.shift();
    return items;
  }

  /** The attachments for a picked row, or why there are none. */
  async pick(id: string): Promise<Picked> {
    const entry = this.lists.findLast((l) => l.has(id))?.get(id);
    if (!entry) return { ok: false, message: 'That suggestion is out of date: type @ again.' };
    if (entry.kind === 'file') return this.attachFile(entry.file, 'file');
    if (entry.kind === 'symbol') return this.attachFile(entry.symbol, 'symbol');
    return this.special(entry.id);
  }

  private excluded(f: FileRef): boolean {
    return isExcluded(f.path, this.host.excludeGlobs(f.path), f.workspaceRoot);
  }

  private async attachFile(f: MentionFile | MentionSymbol, kind: 'file' | 'symbol'): Promise<Picked> {
    const globs = this.host.excludeGlobs(f.path);
    // Refused before it is read: an excluded file's text never enters the host's memory for the chat.
    const refusal = makeAttachment({ path: f.path, workspaceRoot: f.workspaceRoot, displayPath: f.displayPath, text: 'x' }, globs, 'x');
    if (!refusal.ok) return refusal;
    const lines = 'startLine' in f ? { start: f.startLine, end: f.endLine } : undefined;
    const read = await this.host.read(f, lines);
    if ('message' in read) return { ok: false, message: read.message };
    const source: AttachSource = { path: f.path, workspaceRoot: f.workspaceRoot, displayPath: f.displayPath, ...read, kind };
    if ('name' in f && lines) {
      source.lines = lines;
      source.label = `${f.name} (${f.displayPath}:${lines.start}-${lines.end})`;
    }
    return this.one(makeAttachment(source, globs, this.newId()), []);
  }

  private async special(id: SpecialMention): Promise<Picked> {
    const globs = this.host.excludeGlobs();
    switch (id) {
      case 'codebase':
        return { ok: true, attachments: [codebaseMarker(this.newId())], notes: [] };
      case 'problems':
      case 'problemsWorkspace': {
        const scope = id === 'problems' ? 'file' : 'workspace';
        const files = await this.host.problems(scope);
        if ('message' in files) return { ok: false, message: files.message };
        // Each file's problems are checked against that file's folder's exclusions.
        const kept = files.filter((f) => !isExcluded(f.path, this.host.excludeGlobs(f.path), f.workspaceRoot));
        const g = gatherProblems(kept, globs, scope);
        const left = files.filter((f) => f.problems.length && !kept.includes(f)).map((f) => f.displayPath);
        return this.gathered(g.ok ? { ...g, left } : g);
      }
      case 'terminal':
        return this.gathered(gatherTerminal(await this.host.terminal(), globs, this.host.workspaceRoot()));
      case 'diff': {
        const d = await this.host.diff();
        return this.gathered('message' in d ? { ok: false, message: d.message } : gatherDiff(d, this.host.excludeGlobs(d.root)));
      }
      case 'editors':
        return this.editors();
    }
  }

  private async editors(): Promise<Picked> {
    const open = await this.host.editors();
    if (open.length === 0) return { ok: false, message: 'No text editors are open: nothing to attach for @editors.' };
    const attachments: ChatAttachment[] = [];
    const notes: string[] = [];
    for (const e of open) {
      const r = makeAttachment({ ...e, kind: 'editors' }, this.host.excludeGlobs(e.path), this.newId());
      if (r.ok) attachments.push(r.attachment);
      else notes.push(r.message);
    }
    if (attachments.length === 0) return { ok: false, message: notes.join(' ') };
    return { ok: true, attachments, notes };
  }

  private gathered(g: Gathered): Picked {
    if (!g.ok) return g;
    const notes = g.left.length ? [`Left out of ${g.source.displayPath} (excluded): ${g.left.join(', ')}.`] : [];
    return this.one(makeAttachment(g.source, [], this.newId()), notes);
  }

  private one(r: ReturnType<typeof makeAttachment>, notes: string[]): Picked {
    return r.ok ? { ok: true, attachments: [r.attachment], notes } : r;
  }
}
