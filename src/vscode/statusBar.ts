import * as vscode from 'vscode';
import { statusBarText, tooltipMarkdown } from '../core/cost/format';
import type { CostService } from './cost';

/**
 * The status-bar item: today's spend across every window (`$(pulse) $0.42 today`), a spinner while a request of
 * this window is in flight, a tooltip with today / session / month by tier and model, savings and budget, and a
 * click that opens Gearshift's menu.
 */
export class CostStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private inFlight = 0;
  private paused = false;

  constructor(private readonly cost: CostService) {
    this.item = vscode.window.createStatusBarItem('gearshift.cost', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Gearshift Cost';
    this.item.command = 'gearshift.showMenu';
    cost.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  setInFlight(n: number): void {
    this.inFlight = n;
    this.render();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.render();
  }

  render(): void {
    const summary = this.cost.summary();
    const budget = this.cost.budgetStatus();
    const loading = this.cost.loading;
    let text = statusBarText(summary.today, budget, { loading });
    if (this.inFlight > 0) text = text.replace('$(pulse)', '$(sync~spin)');
    if (this.paused) text = `$(debug-pause) ${text}`;
    this.item.text = text;
    const tooltip = tooltipMarkdown(summary, {
      budget,
      limits: this.cost.budgetLimits(),
      loading,
      lastTask: this.cost.lastTask(),
      conversation: this.cost.activeConversationCost(),
    });
    const md = new vscode.MarkdownString(tooltip, true);
    if (this.paused) md.appendMarkdown('\n\n*Inline completions are paused.*');
    md.appendMarkdown('\n\nClick for the Gearshift menu.');
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Gearshift: ${text.replace(/\$\([^)]*\)\s*/g, '')}`, role: 'button' };
  }

  dispose(): void {
    this.item.dispose();
  }
}
