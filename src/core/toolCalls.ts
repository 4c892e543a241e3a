/**
 * Tool calling, normalized across providers: what a model may call, how it calls, and what comes back.
 * Each provider (OpenAI chat `tools`/`tool_calls`, Anthropic `tool_use`/`tool_result` blocks, Bedrock Converse
 * `toolConfig`/`toolUse`/`toolResult`) maps to and from these shapes; nothing above the provider layer sees a wire format.
 */

/** A JSON Schema (draft 2020-12 subset every provider accepts) describing a tool's input object. */
export type JsonSchema = Record<string, unknown>;

/** Tool names every provider accepts (the strictest rule: Bedrock's and OpenAI's). */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** A tool the model may call. */
export interface ToolDefinition {
  /** Matches TOOL_NAME. */
  name: string;
  description: string;
  /** The input's schema: always an object schema ({ type: 'object', properties, required }). */
  inputSchema: JsonSchema;
}

/** Whether the model must, may or may not call a tool, or must call one named tool. */
export type ToolChoice = 'auto' | 'required' | 'none' | { name: string };

/** One tool call as the model made it. */
export interface ToolCall {
  /** The provider's id for the call (call_…, toolu_…, tooluse_…); its result must carry the same id. */
  id: string;
  name: string;
  /**
   * The arguments exactly as the model sent them: JSON text, which may be malformed or of the wrong shape
   * (checked against the schema by whoever runs the tool, never trusted). '' when the model sent none.
   */
  arguments: string;
}

/** An image sent to a model that takes images. */
export interface ImagePart {
  mimeType: 'image/png' | 'image/jpeg';
  /** Base64 of the image bytes. */
  data: string;
}

export const IMAGE_MIME_TYPES: readonly ImagePart['mimeType'][] = ['image/png', 'image/jpeg'];

/** What a tool call gave back, sent to the model in the next user message. */
export interface ToolResult {
  /** The ToolCall.id this answers. */
  callId: string;
  /** The tool's name (for transcripts and providers that want it). */
  name: string;
  /** The result as text (already checked against exclusions and redacted when it reaches a provider). */
  content: string;
  images?: ImagePart[];
  /** The call failed (bad arguments, the tool threw, the user refused): the model is told so. */
  isError?: boolean;
}
