import type { WebviewMessage } from '../../core/chat/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

/** What the webview keeps across hide/show and reloads: the unsent draft of a conversation. */
export interface ViewState {
  conversationId?: string;
  draft?: string;
}

export function loadState(): ViewState {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as ViewState) : {};
}

export function saveState(s: ViewState): void {
  api.setState(s);
}
