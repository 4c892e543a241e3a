/**
 * "Gearshift: Show Spend": a webview panel over the ledger. The extension computes each view (core
 * buildSpendView, from the ledger's day sums: no records are held) and sends only that; every message from the
 * webview is checked before use; CSV export reads the period's records then (never from webview data) and saves
 * them where the user picks.
 */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { webviewPage } from '../../core/chat/page';
import { recordsToCsv } from '../../core/cost/csv';
import type { LedgerRecord } from '../../core/cost/record';
import { buildSpendView, parseFromWebview, selectRecords, type SpendFilter, type ToWebview } from '../../core/cost/spendView';
import { periodStart } from '../../core/cost/summary';
import { SpendTally } from '../../core/cost/tally';

export interface SpendPanelDeps {
  /** The sums of every month (CostService.spendTally). Without it, they are computed from readAll(). */
  loadTally?(): Promise<SpendTally>;
  /** Records from `since` on, for CSV export (CostService.readRecords). Without it, readAll() is filtered. */
  readRecords?(since?: Date): Promise<LedgerRecord[]>;
  readAll(): Promise<LedgerRecord[]>;
  /** Fires when the ledger changes (another window or this one appended). */
  onDidChange?: vscode.Event<void>;
  /** This window's hashed workspace id: the default filter and the "(this window)" label. */
  workspaceId?: string;
}

let current: vscode.WebviewPanel | undefined;

function page(webview: vscode.Webview, root: vscode.Uri): string {
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
  return webviewPage({
    title: 'Gearshift Spend',
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    scriptUri: asset('spend.js'),
    styleUri: asset('spend.css'),
  });
}

export function showSpendPanel(context: vscode.ExtensionContext, deps: SpendPanelDeps): void {
  if (current) {
    current.reveal();
    return;
  }
  const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  const panel = vscode.window.createWebviewPanel('gearshift.spend', 'Gearshift Spend', vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [root],
  });
  current = panel;
  panel.webview.html = page(panel.webview, root);

  // Default: this month, every workspace (the ledger is shared by all windows).
  let filter: SpendFilter = { period: 'month', workspaceId: null };
  let tally = new SpendTally();
  let ready = false;
  const loadTally = deps.loadTally ?? (async () => SpendTally.of(await deps.readAll()));
  const readRecords = deps.readRecords ?? (async () => deps.readAll());

  const post = (): void => {
    if (!ready) return;
    const msg: ToWebview = { type: 'view', view: buildSpendView(tally, filter, { now: new Date(), currentWorkspaceId: deps.workspaceId }) };
    void panel.webview.postMessage(msg);
  };
  const reload = async (): Promise<void> => {
    try {
      tally = await loadTally();
    } catch (err) {
      void vscode.window.showErrorMessage(`Gearshift could not read the spend ledger: ${err instanceof Error ? err.message : String(err)}`);
    }
    post();
  };

  const exportCsv = async (): Promise<void> => {
    const now = new Date();
    let selected: LedgerRecord[];
    try {
      selected = selectRecords(await readRecords(periodStart(filter.period, now)), filter, now);
    } catch (err) {
      void vscode.window.showErrorMessage(`Gearshift could not read the spend ledger: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!selected.length) {
      void vscode.window.showInformationMessage('Gearshift: no calls to export for this workspace and period.');
      return;
    }
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(base, `gearshift-spend-${filter.period}.csv`),
      filters: { CSV: ['csv'] },
      saveLabel: 'Export',
    });
    if (!uri) return;
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(recordsToCsv(selected), 'utf8'));
      void vscode.window.showInformationMessage(`Gearshift: exported ${selected.length} calls to ${uri.fsPath || uri.toString()}.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Gearshift could not write ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const subscriptions: vscode.Disposable[] = [
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const msg = parseFromWebview(raw);
      if (!msg) return; // not one of ours: ignore
      if (msg.type === 'ready') {
        ready = true;
        void reload();
      } else if (msg.type === 'filter') {
        filter = { period: msg.period, workspaceId: msg.workspaceId };
        post();
      } else void exportCsv();
    }),
  ];
  if (deps.onDidChange) {
    let timer: NodeJS.Timeout | undefined;
    subscriptions.push(
      deps.onDidChange(() => {
        // Bursts of appends (a completion storm) redraw once. A hidden panel's page is discarded (no
        // retainContextWhenHidden); shown again, it starts over and its 'ready' reloads the ledger.
        if (timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          if (panel.visible) void reload();
        }, 250);
      }),
      { dispose: () => timer && clearTimeout(timer) },
    );
  }
  panel.onDidDispose(
    () => {
      current = undefined;
      for (const s of subscriptions) s.dispose();
    },
    undefined,
    context.subscriptions,
  );
}
