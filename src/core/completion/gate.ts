import type { CompletionSettings } from '../settings/model';

/**
 * Whether inline completion runs for a language: off everywhere when `enabled` is false; otherwise
 * `languages[languageId]`, then `languages['*']`, then on.
 */
export function completionEnabledFor(settings: Pick<CompletionSettings, 'enabled' | 'languages'>, languageId: string): boolean {
  if (!settings.enabled) return false;
  return settings.languages[languageId] ?? settings.languages['*'] ?? true;
}
