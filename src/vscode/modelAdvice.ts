import * as vscode from 'vscode';
import type { ModelAdvice } from '../core/providers/deprecations';
import type { ResolvedSettings } from '../core/settings/model';

/**
 * Tells the user once (the core dedupes) that a configured model is deprecated, retired or unknown to its
 * endpoint: a log line and a notification whose button writes the replacement id into the user's
 * gearshift.models (the model keeps its endpoint and other fields).
 */
export function showModelAdvice(
  advice: ModelAdvice,
  settings: () => ResolvedSettings,
  log: { warn(message: string): void; info(message: string): void },
): void {
  log.warn(advice.message);
  const fix = advice.replacement ? `Use ${advice.replacement}` : undefined;
  const buttons = fix ? [fix, 'Open Settings'] : ['Open Settings'];
  void vscode.window.showWarningMessage(`Gearshift: ${advice.message}`, ...buttons).then(async (choice) => {
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettingsJson');
      return;
    }
    if (!choice || !advice.replacement) return;
    await useReplacement(advice.model, advice.replacement, settings());
    log.info(`gearshift.models.${advice.model}.model set to ${advice.replacement} in user settings`);
  });
}

/** Writes `replacement` as the model id of configured model `name`, in user settings. */
export async function useReplacement(name: string, replacement: string, settings: ResolvedSettings): Promise<void> {
  const config = vscode.workspace.getConfiguration('gearshift');
  const user = (config.inspect<Record<string, Record<string, unknown>>>('models')?.globalValue ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const current = Object.hasOwn(settings.models, name) ? settings.models[name] : undefined;
  const own = Object.hasOwn(user, name) ? user[name] : {};
  const entry = { endpoint: current?.endpoint, ...own, model: replacement };
  await config.update('models', { ...user, [name]: entry }, vscode.ConfigurationTarget.Global);
}
