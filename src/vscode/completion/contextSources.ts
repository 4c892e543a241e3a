import * as vscode from 'vscode';
import type { LanguageFeatures } from '../../core/completion/languageFeatures';
import { RecentActivity } from '../../core/completion/sources/recentActivity';
import { trackActivity } from './activityTracker';
import { VsCodeLanguageFeatures } from './languageFeatures';

export interface ContextSources extends vscode.Disposable {
  features: LanguageFeatures;
  activity: RecentActivity;
}

/** The completion engine's context sources in the editor: VS Code's language features and the recent-activity tracker. */
export function createContextSources(excludeFor: (uri: vscode.Uri) => readonly string[]): ContextSources {
  const activity = new RecentActivity();
  const tracking = trackActivity(activity, excludeFor);
  return { features: new VsCodeLanguageFeatures(excludeFor), activity, dispose: () => tracking.dispose() };
}
