/** A range of lines the user recently edited or looked at, newest first in a snapshot. */
export interface RecentRange {
  path: string;
  /** 0-based, inclusive. */
  startLine: number;
  endLine: number;
  /** When it was last touched (the tracker's clock, ms). */
  time: number;
}

export interface RecentActivitySnapshot {
  edits: readonly RecentRange[];
  views: readonly RecentRange[];
  /** Edit generation of a path: bumped on every edit of it (caches of what was read from it compare these). */
  generation(path: string): number;
}

/** One text change, as VS Code reports it: old lines [startLine, endLine] replaced by text holding `newLines` line breaks. */
export interface LineChange {
  startLine: number;
  endLine: number;
  newLines: number;
}

export interface RecentActivityOptions {
  maxEdits: number;
  maxViews: number;
  /** Edits this many lines apart or closer merge into one range. */
  mergeGap: number;
  /** A range grows to at most this many lines (a long paste keeps its last lines). */
  maxLines: number;
}

const DEFAULTS: RecentActivityOptions = { maxEdits: 8, maxViews: 6, mergeGap: 3, maxLines: 40 };

/**
 * Recently edited and recently viewed line ranges across files, pure (the VS Code adapter feeds it from
 * onDidChangeTextDocument and the editors' visible ranges and selections). Edits move later ranges of the same
 * file by the lines they add or remove, so a range keeps pointing at the code it was recorded for.
 */
export class RecentActivity implements RecentActivitySnapshot {
  private readonly opts: RecentActivityOptions;
  private editList: RecentRange[] = [];
  private viewList: RecentRange[] = [];
  private readonly gens = new Map<string, number>();

  constructor(opts: Partial<RecentActivityOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  get edits(): readonly RecentRange[] {
    return this.editList;
  }

  get views(): readonly RecentRange[] {
    return this.viewList;
  }

  generation(path: string): number {
    return this.gens.get(path) ?? 0;
  }

  /** Records the changes of one document event (several ranges for a multi-cursor edit), applied in order. */
  noteEdit(path: string, changes: readonly LineChange[], time: number): void {
    if (!changes.length) return;
    this.gens.set(path, this.generation(path) + 1);
    for (const c of changes) this.applyChange(path, c, time);
  }

  /** The user looks at lines [startLine, endLine] of a file (a visible range, or the lines around a selection). */
  noteView(path: string, startLine: number, endLine: number, time: number): void {
    if (!(endLine >= startLine) || startLine < 0) return;
    const half = Math.floor(this.opts.maxLines / 2);
    if (endLine - startLine + 1 > this.opts.maxLines) {
      const mid = Math.floor((startLine + endLine) / 2);
      startLine = Math.max(0, mid - half);
      endLine = startLine + this.opts.maxLines - 1;
    }
    this.viewList = upsert(this.viewList, { path, startLine, endLine, time }, 0, this.opts.maxLines, this.opts.maxViews);
  }

  /** A file closed, renamed or deleted: its ranges go. */
  forget(path: string): void {
    this.editList = this.editList.filter((r) => r.path !== path);
    this.viewList = this.viewList.filter((r) => r.path !== path);
    this.gens.set(path, this.generation(path) + 1);
  }

  private applyChange(path: string, c: LineChange, time: number): void {
    const start = Math.max(0, Math.trunc(c.startLine));
    const end = Math.max(start, Math.trunc(c.endLine));
    const added = Math.max(0, Math.trunc(c.newLines));
    const delta = added - (end - start);
    const shift = (list: RecentRange[]): RecentRange[] =>
      list.flatMap((r) => {
        if (r.path !== path || r.endLine < start) return [r];
        if (r.startLine > end) return [{ ...r, startLine: r.startLine + delta, endLine: r.endLine + delta }];
        // Overlaps the replaced lines: it now spans what is left of it around the new text.
        const s = Math.min(r.startLine, start);
        const e = Math.max(r.endLine + delta, start + added);
        return e >= s ? [{ ...r, startLine: s, endLine: e }] : [];
      });
    this.viewList = shift(this.viewList);
    this.editList = upsert(
      shift(this.editList),
      { path, startLine: start, endLine: start + added, time },
      this.opts.mergeGap,
      this.opts.maxLines,
      this.opts.maxEdits,
    );
  }
}

/** `r` put first, merged with every range of its file within `gap` lines (capped at `maxLines` lines ending with r). */
function upsert(list: RecentRange[], r: RecentRange, gap: number, maxLines: number, max: number): RecentRange[] {
  let { startLine, endLine } = r;
  const rest: RecentRange[] = [];
  for (const o of list) {
    if (o.path === r.path && o.startLine <= endLine + gap && o.endLine >= startLine - gap) {
      startLine = Math.min(startLine, o.startLine);
      endLine = Math.max(endLine, o.endLine);
    } else rest.push(o);
  }
  if (endLine - startLine + 1 > maxLines) {
    // Keep the newest range and the lines just before it.
    startLine = Math.max(startLine, r.endLine - maxLines + 1);
    endLine = Math.min(endLine, Math.max(r.endLine, startLine + maxLines - 1));
  }
  return [{ ...r, startLine, endLine }, ...rest].slice(0, max);
}
