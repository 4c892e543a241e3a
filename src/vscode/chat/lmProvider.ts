import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { redactSecrets } from '../../core/privacy/redact';
import { countTokens } from '../../core/tokens';
import type { ChatBackend, ChatMessage, Tier } from '../../core/types';

const LM_VENDOR = 'gearshift';

interface GearshiftModel extends vscode.LanguageModelChatInformation {
  readonly override: Tier | undefined;
}

// What Gearshift advertises to VS Code's model picker; the routed model's own limits apply underneath.
const MAX_INPUT_TOKENS = 128_000;
const MAX_OUTPUT_TOKENS = 16_000;

function model(id: string, name: string, override: Tier | undefined, detail: string, tooltip: string): GearshiftModel {
  return {
    id,
    name,
    override,
    detail,
    tooltip,
    family: 'gearshift',
    version: '1',
    maxInputTokens: MAX_INPUT_TOKENS,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    capabilities: {},
  };
}

const MODELS: GearshiftModel[] = [
  model(
    'gearshift-auto',
    'Gearshift Auto',
    undefined,
    'Routed per request',
    'Each request is classified locally: cheap model or frontier model.',
  ),
  model('gearshift-cheap', 'Gearshift Cheap', 'cheap', 'Cheap tier', 'Always the cheap, fast tier (with its fallbacks).'),
  model('gearshift-frontier', 'Gearshift Frontier', 'frontier', 'Frontier tier', 'Always the frontier tier (with its fallbacks).'),
];

/** Registers Gearshift's models with VS Code's language-model API when this VS Code has it; undefined otherwise. */
export function registerLanguageModels(
  backend: ChatBackend,
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>,
): vscode.Disposable | undefined {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerLanguageModelChatProvider !== 'function') {
    log.info(
      'chat: this VS Code has no vscode.lm.registerLanguageModelChatProvider; Gearshift models are not offered to other chat features.',
    );
    return undefined;
  }
  return lm.registerLanguageModelChatProvider(LM_VENDOR, new GearshiftLanguageModels(backend));
}

function partText(part: unknown): string {
  if (part instanceof vscode.LanguageModelTextPart) return part.value;
  if (part instanceof vscode.LanguageModelToolResultPart) return part.content.map(partText).join('');
  return '';
}

function messageText(m: vscode.LanguageModelChatRequestMessage): string {
  return m.content.map(partText).join('');
}

/** VS Code's request messages as Gearshift chat messages; secret-looking values are redacted before they leave. */
function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages
    .map((m): ChatMessage => ({
      role: m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user',
      content: redactSecrets(messageText(m)).text,
    }))
    .filter((m) => m.content !== '');
}

/** VS Code gives no conversation id: the first message identifies the conversation for sticky routing. */
function conversationIdFor(messages: ChatMessage[]): string {
  return `lm-${createHash('sha256')
    .update(messages[0]?.content ?? '')
    .digest('hex')
    .slice(0, 24)}`;
}

class GearshiftLanguageModels implements vscode.LanguageModelChatProvider<GearshiftModel> {
  constructor(private readonly backend: ChatBackend) {}

  provideLanguageModelChatInformation(): GearshiftModel[] {
    return MODELS;
  }

  async provideLanguageModelChatResponse(
    model: GearshiftModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    _options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const chat = toChatMessages(messages);
    if (chat.length === 0) throw new Error('Gearshift: the request has no text messages to send.');
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const outcome = await this.backend.send({
        conversationId: conversationIdFor(chat),
        messages: chat,
        attachments: [],
        override: model.override,
        signal: controller.signal,
        onDelta: (text) => progress.report(new vscode.LanguageModelTextPart(text)),
      });
      if (controller.signal.aborted) return;
      if (outcome.decision.blocked) throw new Error(`Gearshift: ${outcome.decision.blocked}`);
      if (outcome.error) throw new Error(`Gearshift (${outcome.modelName}): ${outcome.error.message}`);
    } finally {
      sub.dispose();
    }
  }

  async provideTokenCount(_model: GearshiftModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return countTokens(typeof text === 'string' ? text : messageText(text));
  }
}
