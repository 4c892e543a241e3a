/**
 * What the CLI gives the core in place of the extension's host: settings (with Restricted Mode for a
 * repository's own .vscode/settings.json), keys from the environment, the endpoints that can be called, the
 * shared spend ledger (the extension's folder, so both see the same spend) and the budget read from it, and
 * this folder's workspace identity (hashed as the extension hashes a folder). Commands build their core
 * objects from a CliHost; nothing here calls a model.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { BudgetTracker } from '../core/cost/budget';
import { appendRecord, hashWorkspaceId } from '../core/cost/ledger';
import { LedgerBook } from '../core/cost/ledgerBook';
import { sharedLedgerDir } from '../core/cost/ledgerLocation';
import { monthKey, type LedgerRecord } from '../core/cost/record';
import { systemProbe, usableEndpoints } from '../core/providers/availability';
import { envKeyLookup } from '../core/providers/keys';
import type { KeyLookup } from '../core/providers/provider';
import type { BudgetSource } from '../core/router/router';
import type { ResolvedSettings } from '../core/settings/model';
import type { CliIO } from './io';
import { loadCliSettings, type SettingsFlags } from './settings';

export interface CliBudget extends BudgetSource {
  /** Ready-to-print budget warnings (80% and 100% of each limit), without the "Gearshift: " prefix. */
  warnings(): string[];
}

export interface CliHost {
  settings: ResolvedSettings;
  keys: KeyLookup;
  /** Endpoints that can be called from this shell (or those named with --available). */
  available: Set<string>;
  ledgerDir: string;
  /** Undefined when no limit is set. */
  budget: CliBudget | undefined;
  workspace: { id: string; name: string; root: string };
  /** Appends one ledger record; a failure is a warning on stderr, never an exception. */
  record(r: LedgerRecord): void;
}

export interface CliHostOptions extends SettingsFlags {
  /** --available: the endpoints to use; default: those with a key in the environment, or needing none. */
  available?: Set<string>;
  /** --ledger-dir. */
  ledgerDir?: string;
  now?: () => Date;
}

export async function createCliHost(io: CliIO, command: string, opts: CliHostOptions): Promise<CliHost> {
  const settings = loadCliSettings(io, command, opts);
  const keys = envKeyLookup(io.env);
  const available = opts.available ?? (await usableEndpoints(settings, keys, { ...systemProbe, env: io.env }));
  const ledgerDir = ledgerDirFor(io, opts.ledgerDir);
  const workspace = { id: hashWorkspaceId(vscodeFileUri(io.cwd)), name: path.basename(io.cwd), root: io.cwd };
  const budget = await readBudget(io, ledgerDir, settings, workspace.id, opts.now ?? (() => new Date()));
  return {
    settings,
    keys,
    available,
    ledgerDir,
    budget,
    workspace,
    record: (r) => {
      try {
        appendRecord(ledgerDir, r);
      } catch (e) {
        io.err(`warning: could not write the spend ledger in ${ledgerDir} (${(e as NodeJS.ErrnoException).code ?? String(e)}).\n`);
      }
    },
  };
}

/** --ledger-dir when given, else GEARSHIFT_LEDGER_DIR, else the extension's own ledger folder. */
export function ledgerDirFor(io: CliIO, flag: string | undefined): string {
  if (flag !== undefined) return path.resolve(io.cwd, flag);
  return sharedLedgerDir({ platform: process.platform, env: io.env, home: os.homedir(), cwd: io.cwd }).dir;
}

/**
 * The budget as the extension sees it: this month's records of the shared ledger, counted by the core's
 * BudgetTracker; the Router then warns, downgrades or blocks per gearshift.budget.onExceed.
 */
async function readBudget(
  io: CliIO,
  dir: string,
  settings: ResolvedSettings,
  workspaceId: string,
  now: () => Date,
): Promise<CliBudget | undefined> {
  const { dailyUsd, monthlyUsd } = settings.budget;
  if (dailyUsd === undefined && monthlyUsd === undefined) return undefined;
  // This month's sums from the ledger's summary index plus what was appended after it (as the extension reads it).
  const book = new LedgerBook(dir, { fromMonth: monthKey(now()) });
  const tracker = new BudgetTracker({ dailyUsd, monthlyUsd }, { workspaceId, now, spend: book });
  try {
    await book.refresh();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    io.err(`warning: could not read the spend ledger in ${dir} (${code}), so the budget counts no spend so far.\n`);
  }
  return {
    status: () => tracker.status(),
    warnings: () => tracker.thresholdCrossings().map((c) => c.message.replace(/^Gearshift: /, '')),
  };
}

/**
 * A folder's file URI as VS Code writes it (Uri.file(p).toString()): the extension hashes that string into the
 * workspace id, so the CLI run in a workspace's folder files its calls under the same workspace.
 */
export function vscodeFileUri(fsPath: string, platform: NodeJS.Platform = process.platform): string {
  let p = platform === 'win32' ? fsPath.replace(/\\/g, '/') : fsPath;
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/^\/([A-Za-z]):/, (_m, drive: string) => `/${drive.toLowerCase()}:`);
  const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `file://${p.split('/').map(encode).join('/')}`;
}
