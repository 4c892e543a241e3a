/**
 * Shared set-up of the integration tests: one fake OpenAI-compatible server on 127.0.0.1 (started in the
 * extension host itself) and Gearshift's user settings pointing both tiers at it, with a test key in
 * SecretStorage. Idempotent: every suite calls useFakeProvider() and gets the same server.
 */
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes';
import type { GearshiftApi } from '../../src/vscode/extension';

import { TEST_KEY } from './keys';
let fake: FakeOpenAI | undefined;
let api: GearshiftApi | undefined;

export async function gearshift(): Promise<GearshiftApi> {
  if (api) return api;
  const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
  if (!ext) throw new Error('Gearshift is not installed');
  api = await ext.activate();
  return api;
}

export async function useFakeProvider(): Promise<{ fake: FakeOpenAI; api: GearshiftApi }> {
  const a = await gearshift();
  if (fake) return { fake, api: a };
  fake = await startFakeOpenAI();
  const config = vscode.workspace.getConfiguration('gearshift');
  const global = vscode.ConfigurationTarget.Global;
  await config.update('endpoints', { fake: { kind: 'openai', baseUrl: `${fake.url}/v1` } }, global);
  await config.update(
    'models',
    {
      fast: { endpoint: 'fake', model: 'gpt-5-mini', fim: true },
      smart: { endpoint: 'fake', model: 'claude-sonnet-5' },
    },
    global,
  );
  await config.update('tiers', { cheap: ['fast'], frontier: ['smart'] }, global);
  await config.update('completion.debounceMs', 10, global);
  await vscode.commands.executeCommand('gearshift.setApiKey', 'fake', TEST_KEY);
  await a.refreshAvailability();
  return { fake, api: a };
}

/**
 * The chat panel's placeholder, shown only while the conversation has no turns at all (chat or agent): after "New
 * Chat", waiting for it (rather than for no chat replies, which an agent conversation also has) makes sure the new
 * conversation is the one shown before the test sends anything.
 */
export const EMPTY_CONVERSATION = '[data-testid="conversation"] > p.empty';

/** Polls `check` until it returns a truthy value or the time is up (generous: a loaded machine is slow, never wrong). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
