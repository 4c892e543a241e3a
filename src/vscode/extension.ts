import * as vscode from 'vscode';
import { Logger } from './log';

/** What activate() returns: used by the integration tests and the bench (and by nothing else). */
export interface GearshiftApi {
  /** Time spent inside activate(), ms. */
  activationMs: number;
  /** From the first line of the bundle being evaluated to the end of activate(), ms (includes VS Code's own set-up between). */
  loadToActiveMs: number;
  log: Logger;
}

export function activate(context: vscode.ExtensionContext): GearshiftApi {
  const loaded = (globalThis as { __gearshiftLoadStart?: number }).__gearshiftLoadStart ?? performance.now();
  const entered = performance.now();
  const log = new Logger();
  context.subscriptions.push(log);
  const done = performance.now();
  const api: GearshiftApi = { activationMs: done - entered, loadToActiveMs: done - loaded, log };
  log.info(`Gearshift ${context.extension.packageJSON.version} activated in ${api.activationMs.toFixed(1)} ms ` +
    `(${api.loadToActiveMs.toFixed(1)} ms since its code was loaded; VS Code ${vscode.version}, ${vscode.env.appHost})`);
  return api;
}

export function deactivate(): void {}
