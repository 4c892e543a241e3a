/**
 * "Generate Commit Message" (the sparkle button in the Source Control view's title, for Git repositories): the
 * staged diff (or the working tree's when nothing is staged) and the recent commit messages, read through the
 * built-in Git extension's API, go to gateway.commitMessage, and the message streams into the repository's input
 * box. Pressing the button again while it runs cancels, as does the progress notification's Cancel; a cancelled or
 * failed request puts back what the input box held. The diff is filtered (exclusions) and redacted in the gateway.
 */
import * as vscode from 'vscode';
import type { CommitMessageRequest, CommitMessageResult } from '../../core/gateway/gateway';
import type { Logger } from '../log';
import { gitApi, pickRepository, type GitRepository } from './gitApi';

export const GENERATE_COMMIT_MESSAGE = 'gearshift.commitMessage.generate';

/** Recent messages read for the style. */
const RECENT = 20;

export interface CommitMessageHost {
  commitMessage(req: CommitMessageRequest): Promise<CommitMessageResult>;
  /** The exclusion globs in force for a folder (its own gearshift.exclude in a multi-root workspace). */
  excludeGlobs(uri: vscode.Uri): string[];
  log: Logger;
}

/** What the command reports back (the tests read it; the user sees the messages). */
export interface CommitMessageRun {
  outcome: 'written' | 'cancelled' | 'nothing' | 'failed' | 'no-repository';
  message?: string;
  /** The sentence shown to the user when it did not write a message. */
  notice?: string;
}

async function recentMessages(repo: GitRepository, log: Logger): Promise<string[]> {
  try {
    return (await repo.log({ maxEntries: RECENT })).map((c) => c.message);
  } catch (err) {
    // A repository without commits has no log: the usual conventions apply.
    log.debug(`commit message: no log (${err instanceof Error ? err.message : String(err)})`);
    return [];
  }
}

export function registerCommitMessage(host: CommitMessageHost): vscode.Disposable {
  /** Requests running, by repository root: pressing the button again cancels. */
  const running = new Map<string, AbortController>();

  const notify = (run: CommitMessageRun): CommitMessageRun => {
    if (run.notice) void (run.outcome === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage)(run.notice);
    return run;
  };

  async function generate(arg?: unknown): Promise<CommitMessageRun> {
    const api = await gitApi();
    if (typeof api === 'string') return notify({ outcome: 'no-repository', notice: `Gearshift: ${api}` });
    const repo = pickRepository(api, arg);
    if (!repo) return notify({ outcome: 'no-repository', notice: 'Gearshift: no Git repository is open to write a commit message for.' });
    const key = repo.rootUri.toString();
    const already = running.get(key);
    if (already) {
      already.abort();
      return { outcome: 'cancelled' };
    }
    const ac = new AbortController();
    running.set(key, ac);
    const before = repo.inputBox.value;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.SourceControl, title: 'Writing a commit message…', cancellable: true },
        async (_progress, token) => {
          const sub = token.onCancellationRequested(() => ac.abort());
          try {
            return await write(repo, ac.signal, before);
          } catch (err) {
            // git itself failed (a lock, a broken repository): said, never thrown at the menu.
            return notify({
              outcome: 'failed',
              notice: `Gearshift: could not read the changes: ${err instanceof Error ? err.message : String(err)}`,
            });
          } finally {
            sub.dispose();
          }
        },
      );
    } finally {
      running.delete(key);
    }
  }

  async function write(repo: GitRepository, signal: AbortSignal, before: string): Promise<CommitMessageRun> {
    let diff = await repo.diff(true);
    const staged = diff.trim() !== '';
    if (!staged) diff = await repo.diff(false);
    if (signal.aborted) return { outcome: 'cancelled' };
    if (diff.trim() === '') {
      return notify({
        outcome: 'nothing',
        notice: 'Gearshift: no changes to describe (new files count once they are staged).',
      });
    }
    const recent = await recentMessages(repo, host.log);
    let shown = false;
    const result = await host.commitMessage({
      diff,
      staged,
      recentMessages: recent,
      repositoryRoot: repo.rootUri.fsPath,
      exclude: host.excludeGlobs(repo.rootUri),
      signal,
      onMessage: (m) => {
        if (signal.aborted || !m) return;
        shown = true;
        repo.inputBox.value = m;
      },
    });
    const p = result.prompt;
    if (p.nothing) {
      return notify({
        outcome: 'nothing',
        notice:
          p.nothing === 'all-excluded'
            ? `Gearshift: every ${staged ? 'staged ' : ''}change is in an excluded or secret file (gearshift.exclude), so nothing was sent.`
            : 'Gearshift: no changes to describe.',
      });
    }
    host.log.info(
      `commit message: ${p.sent.length} file(s) sent, ${p.summarised.length} summarised, ${p.excluded} excluded` +
        `${p.omitted.length ? `, left out for size: ${p.omitted.join('; ')}` : ''}, ${p.redactions} secret(s) redacted`,
    );
    const error = result.outcome?.error;
    if (error?.kind === 'cancelled' || signal.aborted) {
      if (shown) repo.inputBox.value = before;
      return { outcome: 'cancelled' };
    }
    if (error || !result.message) {
      if (shown) repo.inputBox.value = before;
      return notify({ outcome: 'failed', notice: `Gearshift: no commit message: ${error?.message ?? 'the model answered nothing.'}` });
    }
    repo.inputBox.value = result.message;
    return { outcome: 'written', message: result.message };
  }

  return vscode.commands.registerCommand(GENERATE_COMMIT_MESSAGE, generate);
}
