/**
 * The accept rate of inline completions: of the suggestions shown (completion calls with the verdict 'accepted' or
 * 'rejected'), how many the user took; per model and per language. Answers left empty by post-processing are counted
 * apart (they were never shown). Only completion records with a verdict count: records written before verdicts were
 * recorded, cancelled and failed calls have none. Pure (the spend webview bundles the types).
 */
import type { LedgerRecord } from './record';

/** One model's completions in one language (in one workspace and day, when kept by SpendTally). */
export interface AcceptanceCell {
  /** Configured model name (or the provider id when there is none). */
  model: string;
  /** VS Code language id; UNKNOWN_LANGUAGE when the record has none. */
  language: string;
  /** Suggestions shown (accepted + rejected). */
  shown: number;
  accepted: number;
  /** Answers with nothing left to show after post-processing. */
  empty: number;
}

export interface AcceptanceRow {
  /** Model name or language id. */
  key: string;
  shown: number;
  accepted: number;
  empty: number;
  /** accepted / shown; undefined when nothing was shown. */
  rate?: number;
}

export interface AcceptanceReport {
  total: AcceptanceRow;
  /** Most shown first. */
  byModel: AcceptanceRow[];
  byLanguage: AcceptanceRow[];
}

export const UNKNOWN_LANGUAGE = 'unknown';

/** A completion call whose suggestion has a verdict. */
export function hasVerdict(r: LedgerRecord): boolean {
  return r.task === 'completion' && r.verdict !== undefined;
}

const cellKey = (model: string, language: string): string => `${model}\u0000${language}`;

/** A cell's place in a list of cells, created empty when missing. */
export function acceptanceCellIn(
  cells: AcceptanceCell[],
  index: Map<string, AcceptanceCell>,
  model: string,
  language: string,
): AcceptanceCell {
  const key = cellKey(model, language);
  let c = index.get(key);
  if (!c) {
    c = { model, language, shown: 0, accepted: 0, empty: 0 };
    index.set(key, c);
    cells.push(c);
  }
  return c;
}

/** Counts one record with a verdict into its cell (see hasVerdict). */
export function countVerdict(c: AcceptanceCell, r: LedgerRecord): void {
  if (r.verdict === 'empty') c.empty++;
  else {
    c.shown++;
    if (r.verdict === 'accepted') c.accepted++;
  }
}

/** Adds `src`'s counts into `c`. */
export function addCell(c: AcceptanceCell, src: Pick<AcceptanceCell, 'shown' | 'accepted' | 'empty'>): void {
  c.shown += src.shown;
  c.accepted += src.accepted;
  c.empty += src.empty;
}

function addTo(rows: Map<string, AcceptanceRow>, key: string, c: AcceptanceCell): void {
  let row = rows.get(key);
  if (!row) {
    row = { key, shown: 0, accepted: 0, empty: 0 };
    rows.set(key, row);
  }
  row.shown += c.shown;
  row.accepted += c.accepted;
  row.empty += c.empty;
}

function finish(row: AcceptanceRow): AcceptanceRow {
  if (row.shown > 0) row.rate = row.accepted / row.shown;
  else delete row.rate;
  return row;
}

const byShown = (a: AcceptanceRow, b: AcceptanceRow): number =>
  b.shown - a.shown || b.empty - a.empty || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The report over cells. */
export function acceptanceReport(cells: Iterable<AcceptanceCell>): AcceptanceReport {
  const total: AcceptanceRow = { key: 'all', shown: 0, accepted: 0, empty: 0 };
  const models = new Map<string, AcceptanceRow>();
  const languages = new Map<string, AcceptanceRow>();
  for (const c of cells) {
    total.shown += c.shown;
    total.accepted += c.accepted;
    total.empty += c.empty;
    addTo(models, c.model, c);
    addTo(languages, c.language, c);
  }
  const rows = (m: Map<string, AcceptanceRow>): AcceptanceRow[] => [...m.values()].map(finish).sort(byShown);
  return { total: finish(total), byModel: rows(models), byLanguage: rows(languages) };
}

/** The report straight from records (the CLI and tests; the dashboard goes through SpendTally). */
export function acceptanceOf(records: Iterable<LedgerRecord>): AcceptanceReport {
  const cells: AcceptanceCell[] = [];
  const index = new Map<string, AcceptanceCell>();
  for (const r of records) {
    if (!hasVerdict(r)) continue;
    countVerdict(acceptanceCellIn(cells, index, r.modelName || r.model, r.language ?? UNKNOWN_LANGUAGE), r);
  }
  return acceptanceReport(cells);
}

/** "62% (31 of 50)", or "—" when nothing was shown. */
export function acceptanceText(row: Pick<AcceptanceRow, 'shown' | 'accepted' | 'rate'>): string {
  return row.rate === undefined ? '—' : `${Math.round(row.rate * 100)}% (${row.accepted} of ${row.shown})`;
}
