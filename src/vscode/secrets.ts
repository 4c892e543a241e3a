import * as vscode from 'vscode';
import type { EndpointConfig } from '../core/types';
import type { Logger } from './log';

const PREFIX = 'gearshift.apiKey.';

/** Environment fallbacks (first run, before a key is stored): only for the built-in endpoints. */
const ENV_FALLBACK: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/**
 * API keys live only in VS Code's SecretStorage (the OS keychain where there is one). Never in settings, the log,
 * the ledger or a webview: every key read is registered with the logger so it is scrubbed from any line.
 */
export class KeyStore {
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {
    secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changed.fire(e.key.slice(PREFIX.length));
    });
  }

  async get(endpoint: string): Promise<string | undefined> {
    const stored = await this.secrets.get(PREFIX + endpoint);
    const key = stored ?? (ENV_FALLBACK[endpoint] ? process.env[ENV_FALLBACK[endpoint]] : undefined);
    this.log.addSecret(key);
    return key || undefined;
  }

  async has(endpoint: string): Promise<boolean> {
    return (await this.get(endpoint)) !== undefined;
  }

  async set(endpoint: string, key: string): Promise<void> {
    this.log.addSecret(key);
    await this.secrets.store(PREFIX + endpoint, key);
    this.log.info(`API key for endpoint '${endpoint}' stored in secret storage.`);
  }

  async clear(endpoint: string): Promise<void> {
    await this.secrets.delete(PREFIX + endpoint);
    this.log.info(`API key for endpoint '${endpoint}' removed.`);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Why a pasted key is unusable, or undefined when it looks fine. */
export function keyProblem(key: string): string | undefined {
  if (key.trim().length === 0) return 'The key is empty.';
  if (/\s/.test(key.trim())) return 'The key contains spaces or line breaks; paste only the key.';
  if (key.trim().length < 8) return 'That is too short to be an API key.';
  return undefined;
}

async function pickEndpoint(endpoints: EndpointConfig[], title: string): Promise<string | undefined> {
  const items = endpoints
    .filter((e) => e.kind !== 'bedrock' && e.requiresKey !== false)
    .map((e) => ({ label: e.name, description: e.baseUrl ?? `${e.kind} (default URL)` }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Endpoint' });
  return picked?.label;
}

/**
 * "Gearshift: Set API Key…". Called with (endpoint, key) from code or tests it stores without asking;
 * otherwise it asks for the endpoint (quick pick) and the key (password input).
 */
export async function setApiKeyCommand(
  store: KeyStore,
  endpoints: () => EndpointConfig[],
  endpoint?: unknown,
  key?: unknown,
): Promise<void> {
  const known = endpoints();
  const name = typeof endpoint === 'string' ? endpoint : await pickEndpoint(known, 'Set API Key');
  if (!name) return;
  if (!known.some((e) => e.name === name)) {
    void vscode.window.showErrorMessage(`Gearshift: there is no endpoint named '${name}'. Known: ${known.map((e) => e.name).join(', ')}.`);
    return;
  }
  const value =
    typeof key === 'string'
      ? key
      : await vscode.window.showInputBox({
          title: `API key for '${name}'`,
          prompt: 'Stored in VS Code secret storage; never written to settings or logs.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => keyProblem(v),
        });
  if (value === undefined) return;
  const problem = keyProblem(value);
  if (problem) {
    void vscode.window.showErrorMessage(`Gearshift: ${problem}`);
    return;
  }
  await store.set(name, value.trim());
  if (typeof key !== 'string') void vscode.window.showInformationMessage(`Gearshift: key for '${name}' saved.`);
}

export async function clearApiKeyCommand(store: KeyStore, endpoints: () => EndpointConfig[], endpoint?: unknown): Promise<void> {
  const name = typeof endpoint === 'string' ? endpoint : await pickEndpoint(endpoints(), 'Clear API Key');
  if (!name) return;
  await store.clear(name);
}
