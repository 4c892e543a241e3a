/**
 * The agent's shared vocabulary: steps and their roles, tools and the workspace they act on, approvals, and the
 * events a task reports (which are also its transcript). Plain Node: no `vscode` here.
 */
import type { ImagePart, ToolCall, ToolDefinition } from '../toolCalls';
import type { ChatMessage, Tier, Usage } from '../types';

/**
 * Why a step runs, which decides its tier (stepPolicy.ts):
 * - plan: the first step, or one about to edit many files: frontier;
 * - recover: after a tool error, a failing command, a rejected edit or refused arguments: frontier;
 * - digest: reading what a read or search gave back: the task's tier;
 * - execute: carrying out a plan already made: the task's tier.
 */
export type StepRole = 'plan' | 'recover' | 'digest' | 'execute';
export const STEP_ROLES: readonly StepRole[] = ['plan', 'recover', 'digest', 'execute'];

/** Which step of which agent task a model call was: kept on the outcome and in the ledger record. */
export interface StepTag {
  /** A random id per task (no content). */
  taskId: string;
  /** 1-based. */
  step: number;
  role: StepRole;
}

/** What became of one tool call, as the step policy sees it. */
export type ToolOutcomeKind =
  /** The tool ran and gave a result. */
  | 'ok'
  /** The tool failed (threw, file not found, pattern invalid…). */
  | 'toolError'
  /** The model's arguments were not JSON or did not match the schema: the tool did not run. */
  | 'badArguments'
  /** A command ran and exited non-zero, timed out or was stopped. */
  | 'commandFailed'
  /** The user rejected a proposed edit (every file of it) or a command. */
  | 'rejected'
  /** Gearshift refused: an excluded file, a tool not offered in Restricted Mode, an unknown tool. */
  | 'refused';

/** One finished step, as the step policy and the benchmark see it. */
export interface StepFacts {
  step: number;
  role: StepRole;
  tier: Tier;
  /** The configured model name that answered ('' when none did). */
  modelName: string;
  /** Tools called in the step and what became of each. */
  toolCalls: { name: string; outcome: ToolOutcomeKind; /** Files a proposed edit touched. */ editFiles?: number }[];
  /** Prompt tokens of the step (every kind: fresh, cache read and cache written). */
  promptTokens: number;
  usage?: Usage;
  costUsd?: number;
}

/** What the step policy knows before a step runs. */
export interface StepInput {
  /** The task's tier, classified once from its first request. */
  taskTier: Tier;
  /** 1-based number of the step about to run. */
  step: number;
  /** Steps already run, oldest first. */
  history: readonly StepFacts[];
  /** Estimated prompt tokens of the step about to run (system, tools and the transcript so far). */
  promptTokens: number;
  /** Files the task has read so far that it may be about to edit (distinct paths). */
  filesInPlay?: number;
  /** The task's id: which prefix each model still holds warm for it (StepPolicyDeps.warmTokens). */
  taskId?: string;
  /** ms since the epoch (cache expiry); default Date.now(). */
  now?: number;
}

/** The step policy's answer: which tier runs the step, in what role, and a short reason a person can read. */
export interface StepChoice {
  role: StepRole;
  tier: Tier;
  /** E.g. "reading search results", "after a failing command", "stayed on frontier: switching would cost more". */
  reason: string;
  /** Set once repeated failures of one kind escalate the rest of the task to frontier. */
  escalated?: boolean;
}

export interface StepPolicy {
  choose(input: StepInput): StepChoice;
}

/** A file change a tool proposes: shown as a diff, written only when the user accepts it. */
export interface FileChange {
  /** Workspace-relative path (forward slashes). */
  path: string;
  /** The text now; undefined when the file is new. */
  before: string | undefined;
  after: string;
  /** A unified diff of before → after, for display. */
  diff: string;
}

/** What a tool asks the user before it acts. */
export type ApprovalRequest =
  | { kind: 'edit'; id: string; files: FileChange[] }
  | { kind: 'command'; id: string; command: string; /** Workspace-relative; '' for the root. */ cwd: string };

/** The user's answer. An aborted wait counts as rejecting everything. */
export type ApprovalAnswer =
  | { kind: 'edit'; /** Paths of the files the user accepted; the rest are rejected. */ accepted: string[] }
  | { kind: 'command'; run: boolean; /** Run this exact command without asking again in this workspace. */ always?: boolean };

/** Asks the user (the side panel's buttons, or VS Code's confirmation when VS Code's agent calls the tool). */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer>;

/** What the transcript shows of a tool call beyond its text result. */
export type ToolDetail =
  | { kind: 'edit'; files: { path: string; diff: string; created: boolean; accepted: boolean }[] }
  | { kind: 'command'; command: string; exitCode?: number; timedOut?: boolean; stopped?: boolean; truncated?: boolean };

/** A tool's answer. The loop checks it against exclusions and redacts secrets before a model sees it. */
export interface ToolOutput {
  content: string;
  images?: ImagePart[];
  outcome: ToolOutcomeKind;
  detail?: ToolDetail;
}

export interface ToolRunContext {
  signal: AbortSignal;
  taskId: string;
  approve: Approver;
}

/** A tool an agent may call: Gearshift's own (agent/tools/) or another extension's (wrapped by the VS Code layer). */
export interface AgentTool {
  readonly definition: ToolDefinition;
  /** Read-only tools are the only ones offered in Restricted Mode. */
  readonly readOnly: boolean;
  /** `input` has been checked against definition.inputSchema. Rejects only on bugs; failures are ToolOutput outcomes. */
  run(input: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput>;
}

/**
 * What an agent task reports as it runs. The list of a task's events (text deltas merged per step) is its
 * transcript: shown in the side panel, kept in the conversation history, restored after a window reload.
 */
export type AgentEvent =
  | { type: 'step'; step: number; role: StepRole; tier: Tier; modelName: string; reason: string }
  | { type: 'text'; step: number; text: string }
  | { type: 'toolCall'; step: number; call: ToolCall }
  | { type: 'approval'; step: number; request: ApprovalRequest }
  | { type: 'toolResult'; step: number; callId: string; name: string; outcome: ToolOutcomeKind; summary: string; detail?: ToolDetail }
  | { type: 'stepEnd'; step: number; modelName: string; costUsd?: number; error?: string }
  | { type: 'progress'; steps: number; maxSteps: number; costUsd: number; maxTaskUsd?: number }
  | { type: 'done'; status: AgentTaskStatus; message?: string };

/**
 * How a task ended: the model answered without calling a tool (finished), the user pressed Stop, a limit was
 * reached, or a model call failed or was blocked by the budget.
 */
export type AgentTaskStatus = 'finished' | 'stopped' | 'stepLimit' | 'costLimit' | 'error' | 'blocked';

export interface AgentLimits {
  /** Default 25. */
  maxSteps: number;
  /** USD per task; undefined: no limit. */
  maxTaskUsd?: number;
}

export interface AgentTaskRequest {
  taskId: string;
  /** The conversation so far, ending with the user's request (tool calls and results of earlier tasks included). */
  messages: ChatMessage[];
  tools: AgentTool[];
  limits: AgentLimits;
  signal: AbortSignal;
  approve: Approver;
  onEvent(event: AgentEvent): void;
  /** The user's explicit tier or model for the whole task, when they picked one. */
  override?: Tier | { model: string };
  /**
   * gearshift.instructions and the rules files on in this conversation, added to every step's system prompt after the
   * agent's own (gateway/prompt.ts withInstructions; the same bytes every step).
   */
  instructions?: { label: string; text: string }[];
}

export interface AgentTaskResult {
  status: AgentTaskStatus;
  steps: number;
  costUsd: number;
  /** The conversation after the task: the request's messages plus every step's assistant message and tool results. */
  messages: ChatMessage[];
  message?: string;
}
