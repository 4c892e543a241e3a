import * as vscode from 'vscode';
import { Logger } from './log';

/** What activate() returns: used by the integration tests (and by nothing else). */
export interface GearshiftApi {
  activationMs: number;
  log: Logger;
}

export function activate(context: vscode.ExtensionContext): GearshiftApi {
  const started = (globalThis as { __gearshiftLoadStart?: number }).__gearshiftLoadStart ?? performance.now();
  const log = new Logger();
  context.subscriptions.push(log);
  const activationMs = performance.now() - started;
  log.info(`Gearshift ${context.extension.packageJSON.version} activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version}, ${vscode.env.appHost})`);
  return { activationMs, log };
}

export function deactivate(): void {}
