import * as vscode from 'vscode';
import { scrubSecrets } from '../core/providers';

/**
 * The extension's logger: the "Gearshift" LogOutputChannel, with every known secret scrubbed from each line
 * before it is written, and the last lines kept in memory (for "Explain…" views and the integration tests).
 */
export class Logger implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  private readonly recent: string[] = [];

  constructor(name = 'Gearshift') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Register a secret (an API key) that must never appear in the log. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  private keep(level: string, line: string): string {
    const clean = scrubSecrets(line, [...this.secrets]);
    this.recent.push(`${level} ${clean}`);
    if (this.recent.length > 500) this.recent.shift();
    return clean;
  }

  info(line: string): void {
    this.channel.info(this.keep('info', line));
  }
  warn(line: string): void {
    this.channel.warn(this.keep('warn', line));
  }
  error(line: string): void {
    this.channel.error(this.keep('error', line));
  }
  debug(line: string): void {
    this.channel.debug(this.keep('debug', line));
  }

  /** The last lines logged (scrubbed), oldest first. */
  lines(): readonly string[] {
    return this.recent;
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
