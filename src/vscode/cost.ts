import * as vscode from 'vscode';
import { BudgetTracker, type BudgetLimits, type BudgetStatus } from '../core/cost/budget';
import { appendRecord, ensureLedgerDir, readLedger } from '../core/cost/ledger';
import { LedgerBook } from '../core/cost/ledgerBook';
import { watchLedger } from '../core/cost/ledgerWatch';
import { conversationKey, monthKey, type LedgerRecord } from '../core/cost/record';
import { summaryOf, type SpendSummary } from '../core/cost/summary';
import { SpendTally, type ConversationTotal, type TaskTotal } from '../core/cost/tally';
import type { BudgetSettings } from '../core/settings/model';
import type { Logger } from './log';

/**
 * This window's view of the shared cost ledger (one JSONL file per month in the extension's global storage,
 * appended by every window and the CLI): writes this window's records, and keeps running sums of every
 * window's for the status bar, the tooltip and the budget. The sums start from each month's summary index and
 * the records after it, read asynchronously in chunks: activation never reads a month, and never waits for it.
 */
export class CostService implements vscode.Disposable {
  /** From this month on (older months only for the dashboard, on demand). */
  private readonly book: LedgerBook;
  /** Records of any window dated from this window's start, as they are read. */
  private readonly session = new SpendTally();
  private readonly changed = new vscode.EventEmitter<void>();
  private watcher: { dispose(): void } | undefined;
  private budget: BudgetTracker;
  private limits: BudgetLimits;
  private loaded = false;
  private markLoaded: () => void = () => undefined;
  private readonly loadedOnce = new Promise<void>((resolve) => (this.markLoaded = resolve));
  private allMonths: LedgerBook | undefined;
  private activeConversationId: string | undefined;
  readonly onDidChange = this.changed.event;
  readonly sessionStart = new Date();

  /**
   * `shared` is the extension's global state, common to every window: a budget warning shown in one window is
   * not shown again in another.
   */
  constructor(
    readonly dir: string,
    readonly workspaceId: string,
    budget: BudgetSettings,
    private readonly log: Logger,
    private readonly shared: vscode.Memento,
  ) {
    try {
      ensureLedgerDir(dir);
    } catch (err) {
      log.error(`ledger: could not create ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const sessionStart = this.sessionStart.getTime();
    this.book = new LedgerBook(dir, {
      fromMonth: monthKey(this.sessionStart),
      onRecords: (records) => {
        for (const r of records) if (Date.parse(r.time) >= sessionStart) this.session.add(r);
      },
    });
    this.limits = limitsOf(budget);
    this.budget = new BudgetTracker(this.limits, { workspaceId, spend: this.book });
  }

  /** Starts following the ledger: the first read runs in the background; the status bar shows "…" until it ends. */
  start(): void {
    this.watcher = watchLedger(this.dir, () => void this.refresh());
    void this.refresh();
  }

  /** True until this month's sums have been read once. */
  get loading(): boolean {
    return !this.loaded;
  }

  /** Settles once this month's sums have been read (or the first read failed): summary() is complete from then on. */
  whenLoaded(): Promise<void> {
    return this.loadedOnce;
  }

  private async refresh(): Promise<void> {
    const first = !this.loaded;
    try {
      const report = await this.book.refresh();
      this.loaded = true;
      if (report.skipped)
        this.log.warn(`ledger: skipped ${report.skipped} line(s) that are not valid records (torn, foreign, or out of bounds).`);
      for (const l of report.loaded) if (l.from === 'full read') this.log.info(`ledger: read ${l.file} in full (no valid summary index).`);
      if (first || report.records || report.loaded.length) this.onSpend();
    } catch (err) {
      this.log.warn(`ledger: ${err instanceof Error ? err.message : String(err)}`);
      // Show what could be read rather than "…" for ever; the next change or poll tries again.
      if (first && !this.loaded) {
        this.loaded = true;
        this.changed.fire();
      }
    } finally {
      this.markLoaded();
    }
  }

  /** Appends one record; a failure (I/O, or a record out of bounds) is logged and never reaches the caller. */
  record(record: LedgerRecord): void {
    try {
      appendRecord(this.dir, record);
    } catch (err) {
      this.log.error(`ledger: could not append a record: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  setBudget(budget: BudgetSettings): void {
    this.limits = limitsOf(budget);
    this.budget.setSettings(this.limits);
    this.changed.fire();
  }

  budgetStatus(): BudgetStatus {
    return this.budget.status();
  }

  budgetLimits(): BudgetLimits {
    return this.limits;
  }

  /** The router's view of the budget. */
  budgetSource(): { status(): { dailyFraction?: number; monthlyFraction?: number } } {
    return { status: () => this.budget.status() };
  }

  summary(now = new Date()): SpendSummary {
    return summaryOf(this.book.tally(), { now, session: this.session.totals() });
  }

  /** This workspace's latest agent task this month (the side panel's or VS Code's agent), with its cost so far. */
  lastTask(): TaskTotal | undefined {
    return this.book.tally().tasks({ workspaceId: this.workspaceId, limit: 1 })[0];
  }

  /** One agent task's cost and steps so far (this month's records, any window); undefined before its first record is read. */
  taskCost(taskId: string): TaskTotal | undefined {
    return this.book.tally().task(taskId);
  }

  /** A conversation's (or agent task's) cost so far: this month's records of it, any window; undefined before its first. */
  conversationCost(conversationId: string): ConversationTotal | undefined {
    return this.book.tally().conversation(conversationKey(conversationId));
  }

  /** The side panel's conversation, whose cost the status-bar tooltip shows. */
  setActiveConversation(conversationId: string | undefined): void {
    if (conversationId === this.activeConversationId) return;
    this.activeConversationId = conversationId;
    this.changed.fire();
  }

  /** The side panel's conversation's cost (undefined when none is shown or none of its calls is in the ledger). */
  activeConversationCost(): ConversationTotal | undefined {
    return this.activeConversationId === undefined ? undefined : this.conversationCost(this.activeConversationId);
  }

  /** The sums of every month (for the dashboard): from each month's index and tail, read in the background. */
  async spendTally(): Promise<SpendTally> {
    this.allMonths ??= new LedgerBook(this.dir);
    await this.allMonths.refresh();
    return this.allMonths.tally();
  }

  /** Records from `since` on (CSV export), read in chunks. */
  readRecords(since?: Date): Promise<LedgerRecord[]> {
    return readLedger(this.dir, { since });
  }

  /** Every record of every month. */
  readAll(): Promise<LedgerRecord[]> {
    return readLedger(this.dir);
  }

  private onSpend(): void {
    for (const crossing of this.budget.thresholdCrossings()) {
      if (!this.firstTimeShown(`${crossing.period}:${crossing.periodKey}:${crossing.threshold}:${crossing.limitUsd}`)) continue;
      this.log.warn(crossing.message);
      const show = crossing.threshold >= 1 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(crossing.message, 'Set Budget', 'Show Spend').then((choice) => {
        if (choice === 'Set Budget') void vscode.commands.executeCommand('gearshift.setBudget');
        if (choice === 'Show Spend') void vscode.commands.executeCommand('gearshift.showSpend');
      });
    }
    this.changed.fire();
  }

  /** True the first time any window asks for this warning id (kept for the last 50 warnings). */
  private firstTimeShown(id: string): boolean {
    const shown = this.shared.get<string[]>(WARNED_KEY, []);
    if (shown.includes(id)) return false;
    void this.shared.update(WARNED_KEY, [...shown, id].slice(-50));
    return true;
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changed.dispose();
  }
}

const WARNED_KEY = 'gearshift.budgetWarningsShown';

function limitsOf(b: BudgetSettings): BudgetLimits {
  return { dailyUsd: b.dailyUsd, monthlyUsd: b.monthlyUsd };
}
