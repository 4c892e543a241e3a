import * as vscode from 'vscode';
import { createHash } from 'crypto';
import type { StepRequest } from '../../core/gateway/gateway';
import { lmCapabilities } from '../../core/lm/capabilities';
import { LmAgentSteps, type LmStepDeps } from '../../core/lm/agentSteps';
import { IMAGE_TOKENS, LmInputError, lmTokenCount, toChatMessages, toolChoiceOf, toolInputOf, toToolDefinitions } from '../../core/lm/messages';
import type { ToolCall } from '../../core/toolCalls';
import { TIERS, type ChatBackend, type ChatMessage, type GatewayOutcome, type Tier } from '../../core/types';

const LM_VENDOR = 'gearshift';

interface GearshiftModel extends vscode.LanguageModelChatInformation {
  readonly override: Tier | undefined;
}

// What Gearshift advertises to VS Code's model picker; the routed model's own limits apply underneath.
const MAX_INPUT_TOKENS = 128_000;
const MAX_OUTPUT_TOKENS = 16_000;

/** What routes VS Code's agent steps (a request with tools): the step planner and Gateway.step. */
export interface LmAgent {
  steps: LmStepDeps;
  step(req: StepRequest): Promise<GatewayOutcome>;
  /** Each tier's provider model ids, in chain order (for the image capability). */
  tierModels(): Record<Tier, string[]>;
  /** Fires when the settings change (the tiers' models, and so the capabilities, may have). */
  onDidChange?: vscode.Event<unknown>;
  /** Told of each step's task, so Explain can show the task's tier classification. */
  onTask?(taskId: string, taskTier: Tier, reason: string): void;
}

type Log = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;

const DESCRIPTIONS: { id: string; name: string; override: Tier | undefined; detail: string; tooltip: string }[] = [
  {
    id: 'gearshift-auto',
    name: 'Gearshift Auto',
    override: undefined,
    detail: 'Routed per request',
    tooltip: 'Each request is classified locally: cheap model or frontier model. In agent mode, each step is routed by its role.',
  },
  { id: 'gearshift-cheap', name: 'Gearshift Cheap', override: 'cheap', detail: 'Cheap tier', tooltip: 'Always the cheap, fast tier (with its fallbacks).' },
  {
    id: 'gearshift-frontier',
    name: 'Gearshift Frontier',
    override: 'frontier',
    detail: 'Frontier tier',
    tooltip: 'Always the frontier tier (with its fallbacks).',
  },
];

/** Gearshift's models with the capabilities of the tiers' current models: tools always, images when every model takes them. */
export function lmModels(tierModels: Record<Tier, string[]> | undefined): GearshiftModel[] {
  return DESCRIPTIONS.map((d) => ({
    ...d,
    family: 'gearshift',
    version: '1',
    maxInputTokens: MAX_INPUT_TOKENS,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    capabilities: tierModels
      ? lmCapabilities(d.override ? [d.override] : TIERS, tierModels)
      : { toolCalling: true, imageInput: false },
  }));
}

/** Registers Gearshift's models with VS Code's language-model API when this VS Code has it; undefined otherwise. */
export function registerLanguageModels(backend: ChatBackend, log: Log, agent?: LmAgent): vscode.Disposable | undefined {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerLanguageModelChatProvider !== 'function') {
    log.info(
      'chat: this VS Code has no vscode.lm.registerLanguageModelChatProvider; Gearshift models are not offered to other chat features.',
    );
    return undefined;
  }
  const provider = new GearshiftLanguageModels(backend, log, agent);
  const registration = lm.registerLanguageModelChatProvider(LM_VENDOR, provider);
  return vscode.Disposable.from(registration, provider);
}

/** VS Code gives no conversation id: the first message identifies the conversation for sticky routing. */
function conversationIdFor(messages: ChatMessage[]): string {
  return `lm-${createHash('sha256')
    .update(messages[0]?.content ?? '')
    .digest('hex')
    .slice(0, 24)}`;
}

/** The request's estimated prompt size: system, tool definitions and every message part. */
function promptTokensOf(system: string, messages: ChatMessage[], tools: unknown[]): number {
  let chars = system.length + JSON.stringify(tools).length;
  for (const m of messages) {
    chars += m.content.length;
    for (const c of m.toolCalls ?? []) chars += c.name.length + c.arguments.length;
    for (const r of m.toolResults ?? []) chars += r.content.length;
  }
  let images = 0;
  for (const m of messages) images += (m.images?.length ?? 0) + (m.toolResults ?? []).reduce((k, r) => k + (r.images?.length ?? 0), 0);
  return Math.ceil(chars / 3.5) + images * IMAGE_TOKENS;
}

class GearshiftLanguageModels implements vscode.LanguageModelChatProvider<GearshiftModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly steps: LmAgentSteps | undefined;
  private readonly subscription: vscode.Disposable | undefined;

  constructor(
    private readonly backend: ChatBackend,
    private readonly log: Log,
    private readonly agent: LmAgent | undefined,
  ) {
    this.steps = agent && new LmAgentSteps(agent.steps);
    this.subscription = agent?.onDidChange?.(() => this.changed.fire());
  }

  provideLanguageModelChatInformation(): GearshiftModel[] {
    return lmModels(this.agent?.tierModels());
  }

  async provideLanguageModelChatResponse(
    model: GearshiftModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    let mapped: ReturnType<typeof toChatMessages>;
    let tools: ReturnType<typeof toToolDefinitions>;
    try {
      mapped = toChatMessages(messages);
      tools = toToolDefinitions(options.tools);
    } catch (err) {
      if (err instanceof LmInputError) this.log.warn(`lm: ${err.message}`);
      throw err;
    }
    const { system, messages: chat } = mapped;
    if (chat.length === 0) throw new Error('Gearshift: the request has no messages to send.');
    const toolChoice = toolChoiceOf(options.toolMode);
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    // Each tool call is reported once, as soon as its arguments are complete (and any the stream did not report, at the end).
    const reported = new Set<string>();
    const report = (call: ToolCall): void => {
      if (reported.has(call.id) || controller.signal.aborted) return;
      reported.add(call.id);
      const { input, problem } = toolInputOf(call);
      if (problem) this.log.warn(`lm: ${problem}`);
      progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, input));
    };
    const onDelta = (text: string): void => progress.report(new vscode.LanguageModelTextPart(text));
    try {
      let outcome: GatewayOutcome;
      if (tools.length > 0 && this.agent && this.steps) {
        // A request with tools is one step of VS Code's agent: routed by its role, tagged, priced and recorded.
        const promptTokens = promptTokensOf(system, chat, tools);
        const plan = this.steps.plan(chat, { override: model.override, promptTokens });
        const info = this.steps.taskInfo(plan.tag.taskId);
        if (info) this.agent.onTask?.(plan.tag.taskId, info.taskTier, info.tierReason);
        outcome = await this.agent.step({
          decision: plan.decision,
          step: plan.tag,
          system,
          messages: chat,
          tools,
          toolChoice,
          signal: controller.signal,
          onDelta,
          onToolCall: report,
        });
        this.steps.finished(plan, outcome, promptTokens);
      } else {
        const withSystem: ChatMessage[] = system ? [{ role: 'system', content: system }, ...chat] : chat;
        outcome = await this.backend.send({
          conversationId: conversationIdFor(chat),
          messages: withSystem,
          attachments: [],
          override: model.override,
          signal: controller.signal,
          onDelta,
          ...(tools.length > 0 && { tools, toolChoice, onToolCall: report }),
        });
      }
      if (controller.signal.aborted) return;
      if (outcome.decision.blocked) throw new Error(`Gearshift: ${outcome.decision.blocked}`);
      if (outcome.error) throw new Error(`Gearshift (${outcome.modelName}): ${outcome.error.message}`);
      for (const call of outcome.result?.toolCalls ?? []) report(call);
    } finally {
      sub.dispose();
    }
  }

  async provideTokenCount(_model: GearshiftModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return lmTokenCount(text);
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}
