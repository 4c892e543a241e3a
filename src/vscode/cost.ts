import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { BudgetTracker, type BudgetLimits, type BudgetStatus } from '../core/cost/budget';
import { appendRecord, readLedger } from '../core/cost/ledger';
import { watchLedger } from '../core/cost/ledgerWatch';
import { monthKey, type LedgerRecord } from '../core/cost/record';
import { summarize, type SpendSummary } from '../core/cost/summary';
import type { BudgetSettings } from '../core/settings/model';
import type { Logger } from './log';

/**
 * This window's view of the shared cost ledger (one JSONL file per month in the extension's global storage,
 * appended by every window): writes this window's records, follows every window's, and keeps the month's
 * records in memory for the status bar, the tooltip and the budget.
 */
export class CostService implements vscode.Disposable {
  private readonly month: LedgerRecord[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private watcher: { dispose(): void } | undefined;
  private budget: BudgetTracker;
  private limits: BudgetLimits;
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
    fs.mkdirSync(dir, { recursive: true });
    this.limits = limitsOf(budget);
    this.budget = new BudgetTracker(this.limits, { workspaceId });
  }

  /** Starts following the ledger (reads this month's records once, then only what is appended). */
  start(): void {
    this.watcher = watchLedger(this.dir, (records) => this.add(records), {
      fromMonth: monthKey(new Date()),
      onError: (err) => this.log.warn(`ledger: ${err instanceof Error ? err.message : String(err)}`),
    });
  }

  /** Appends one record; a failure is logged and never reaches the caller. */
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
    return summarize(this.month, { now, sessionStart: this.sessionStart });
  }

  /** Every record of every month (for the dashboard and CSV export). */
  readAll(): Promise<LedgerRecord[]> {
    return readLedger(this.dir);
  }

  private add(records: LedgerRecord[]): void {
    const current = monthKey(new Date());
    for (const r of records) if (monthKey(new Date(r.time)) === current) this.month.push(r);
    this.budget.add(records);
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
