/**
 * VS Code's language-model API messages and tools, mapped to Gearshift's (and the model's tool calls back).
 * Plain Node: the parts are read by shape, as VS Code's classes carry them, so this runs in unit tests too.
 *
 * What VS Code sends (vscode.LanguageModelChatRequestMessage.content) and what each part becomes:
 * - LanguageModelTextPart { value }: the message's text.
 * - LanguageModelToolCallPart { callId, name, input } (assistant): a ToolCall with `input` as JSON arguments.
 * - LanguageModelToolResultPart { callId, content[] } (user): a ToolResult; its text parts (and text/JSON data parts)
 *   are its content, its PNG/JPEG data parts its images. `isError: true` (newer VS Code), or text that begins with
 *   "ERROR" (how VS Code's agent reports a tool that failed), marks it an error.
 * - LanguageModelDataPart { mimeType, data } (user): image/png and image/jpeg are images; any other image type is
 *   refused with a message naming it; text/* and JSON are text; anything else (e.g. VS Code's `cache_control` hints)
 *   is not sent.
 * Everything that leaves as text is redacted (redactSecrets), tool results and tool-call arguments included.
 */
import { redactSecrets } from '../privacy/redact';
import { IMAGE_MIME_TYPES, TOOL_NAME, type ImagePart, type ToolCall, type ToolChoice, type ToolDefinition, type ToolResult } from '../toolCalls';
import type { ChatMessage, Role } from '../types';
import { countTokens } from '../tokens';

/** A request VS Code's caller got wrong (an image type no model takes, a tool name no provider accepts). */
export class LmInputError extends Error {}

/** VS Code's LanguageModelChatMessageRole: 1 user, 2 assistant, 3 system (proposed API). */
export const LM_ROLE = { user: 1, assistant: 2, system: 3 } as const;

export interface LmMessage {
  readonly role: number;
  readonly content: readonly unknown[];
}

export interface LmTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object | undefined;
}

type TextPart = { value: string };
type ToolCallPart = { callId: string; name: string; input: unknown };
type ToolResultPart = { callId: string; content: readonly unknown[]; isError?: boolean };
type DataPart = { mimeType: string; data: Uint8Array };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isToolResult(p: unknown): p is ToolResultPart {
  return isObject(p) && typeof p.callId === 'string' && Array.isArray(p.content);
}
function isToolCall(p: unknown): p is ToolCallPart {
  return isObject(p) && typeof p.callId === 'string' && typeof p.name === 'string' && 'input' in p;
}
function isText(p: unknown): p is TextPart {
  return isObject(p) && typeof p.value === 'string' && !('callId' in p);
}
function isData(p: unknown): p is DataPart {
  return isObject(p) && typeof p.mimeType === 'string' && p.data instanceof Uint8Array;
}

/** How a data part is sent: as an image, as text, or not at all. */
function dataKind(mimeType: string): 'image' | 'text' | 'skip' | 'refuse' {
  const mime = mimeType.toLowerCase().split(';')[0].trim();
  if ((IMAGE_MIME_TYPES as readonly string[]).includes(mime)) return 'image';
  if (mime.startsWith('image/')) return 'refuse';
  if (mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json')) return 'text';
  return 'skip';
}

function imageOf(p: DataPart, where: string): ImagePart {
  const mime = p.mimeType.toLowerCase().split(';')[0].trim() as ImagePart['mimeType'];
  if (!(IMAGE_MIME_TYPES as readonly string[]).includes(mime)) {
    throw new LmInputError(`Gearshift: ${where} has an image of type ${p.mimeType}; models through Gearshift take PNG or JPEG only.`);
  }
  return { mimeType: mime, data: Buffer.from(p.data).toString('base64') };
}

const decoder = new TextDecoder();
const redact = (text: string): string => redactSecrets(text).text;

/** VS Code's agent reports a failed tool with text like "ERROR while calling tool: …". */
const ERROR_TEXT = /^\s*ERROR\b/;

function toolResult(p: ToolResultPart, names: ReadonlyMap<string, string>, where: string): ToolResult {
  let text = '';
  const images: ImagePart[] = [];
  for (const c of p.content) {
    if (isText(c)) text += c.value;
    else if (isData(c)) {
      const kind = dataKind(c.mimeType);
      if (kind === 'image') images.push(imageOf(c, where));
      else if (kind === 'refuse') imageOf(c, where);
      else if (kind === 'text') text += decoder.decode(c.data);
    }
    // Prompt-TSX parts and anything unknown carry no text we can read: not sent.
  }
  const out: ToolResult = { callId: p.callId, name: names.get(p.callId) ?? 'unknown', content: redact(text) };
  if (images.length) out.images = images;
  if (p.isError === true || ERROR_TEXT.test(text)) out.isError = true;
  return out;
}

/** JSON text of a tool call's input as VS Code holds it (an object; anything else becomes {}). */
function argumentsOf(input: unknown): string {
  try {
    return JSON.stringify(isObject(input) && !Array.isArray(input) ? input : {});
  } catch {
    return '{}';
  }
}

/**
 * VS Code's request messages as Gearshift's: the system messages' text, and the conversation (empty messages
 * dropped). Throws LmInputError for what cannot be sent (an image type other than PNG/JPEG, a tool result in an
 * assistant message, a tool call in a user message).
 */
export function toChatMessages(messages: readonly LmMessage[]): { system: string; messages: ChatMessage[] } {
  const system: string[] = [];
  const out: ChatMessage[] = [];
  /** Tool names by call id, from the assistant messages seen so far (a result carries only the id). */
  const names = new Map<string, string>();
  messages.forEach((m, i) => {
    const where = `message ${i + 1}`;
    const role: Role = m.role === LM_ROLE.assistant ? 'assistant' : m.role === LM_ROLE.system ? 'system' : 'user';
    let text = '';
    const toolCalls: ToolCall[] = [];
    const toolResults: ToolResult[] = [];
    const images: ImagePart[] = [];
    for (const p of m.content) {
      if (isToolResult(p)) {
        if (role !== 'user') throw new LmInputError(`Gearshift: ${where} (${role}) has a tool result; tool results belong in user messages.`);
        toolResults.push(toolResult(p, names, where));
      } else if (isToolCall(p)) {
        if (role !== 'assistant') throw new LmInputError(`Gearshift: ${where} (${role}) has a tool call; tool calls belong in assistant messages.`);
        names.set(p.callId, p.name);
        toolCalls.push({ id: p.callId, name: p.name, arguments: redact(argumentsOf(p.input)) });
      } else if (isText(p)) text += p.value;
      else if (isData(p)) {
        const kind = dataKind(p.mimeType);
        if (kind === 'refuse') imageOf(p, where);
        else if (kind === 'text') text += decoder.decode(p.data);
        else if (kind === 'image') {
          if (role !== 'user') throw new LmInputError(`Gearshift: ${where} (${role}) has an image; images can be sent in user messages only.`);
          images.push(imageOf(p, where));
        }
      }
    }
    if (role === 'system') {
      if (text) system.push(redact(text));
      return;
    }
    const msg: ChatMessage = { role, content: redact(text) };
    if (toolCalls.length) msg.toolCalls = toolCalls;
    if (toolResults.length) msg.toolResults = toolResults;
    if (images.length) msg.images = images;
    if (msg.content || toolCalls.length || toolResults.length || images.length) out.push(msg);
  });
  return { system: system.join('\n\n'), messages: out };
}

const DEFAULT_SCHEMA = { type: 'object', properties: {} };

/** options.tools as tool definitions; throws LmInputError naming a tool whose name no provider accepts. */
export function toToolDefinitions(tools: readonly LmTool[] | undefined): ToolDefinition[] {
  const seen = new Set<string>();
  return (tools ?? []).map((t) => {
    if (!TOOL_NAME.test(t.name)) {
      throw new LmInputError(
        `Gearshift: the tool name ${JSON.stringify(t.name.slice(0, 80))} cannot be sent to a model: ` +
          'tool names must be 1 to 64 letters, digits, "_" or "-".',
      );
    }
    if (seen.has(t.name)) throw new LmInputError(`Gearshift: the tool ${t.name} is offered twice.`);
    seen.add(t.name);
    const schema = isObject(t.inputSchema) && !Array.isArray(t.inputSchema) ? (t.inputSchema as Record<string, unknown>) : DEFAULT_SCHEMA;
    return { name: t.name, description: t.description ?? '', inputSchema: { ...schema } };
  });
}

/** VS Code's LanguageModelChatToolMode: 1 Auto, 2 Required. */
export function toolChoiceOf(toolMode: number | undefined): ToolChoice {
  return toolMode === 2 ? 'required' : 'auto';
}

/**
 * A model's tool call as the input VS Code's LanguageModelToolCallPart takes: the parsed JSON object. Malformed
 * arguments (not JSON, or JSON that is not an object) never throw: the call is reported with {} and `problem`
 * says what was wrong (logged), so that the caller's tool runs, refuses the empty input against its schema and
 * the model reads that error in the next step, as it would for a wrong argument.
 */
export function toolInputOf(call: ToolCall): { input: object; problem?: string } {
  const text = call.arguments.trim();
  if (text === '') return { input: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { input: {}, problem: `the model's arguments for ${call.name} are not JSON (${text.length} characters); sent as {}` };
  }
  if (!isObject(parsed) || Array.isArray(parsed)) {
    return { input: {}, problem: `the model's arguments for ${call.name} are not a JSON object; sent as {}` };
  }
  return { input: parsed };
}

/** Tokens an image is counted as (a 1000×750 picture for Anthropic; OpenAI's high detail is similar). */
export const IMAGE_TOKENS = 1000;

/** Tokens of a VS Code message of any parts (text, tool calls, tool results, data), or of a plain string. */
export function lmTokenCount(text: string | LmMessage, count: (s: string) => number = countTokens): number {
  if (typeof text === 'string') return count(text);
  let total = 0;
  const add = (p: unknown): void => {
    if (isToolResult(p)) p.content.forEach(add);
    else if (isToolCall(p)) total += count(p.name) + count(argumentsOf(p.input));
    else if (isText(p)) total += count(p.value);
    else if (isData(p)) {
      const kind = dataKind(p.mimeType);
      if (kind === 'image' || kind === 'refuse') total += IMAGE_TOKENS;
      else if (kind === 'text') total += count(decoder.decode(p.data));
    }
  };
  text.content.forEach(add);
  return total;
}
