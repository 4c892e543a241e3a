import type { ToolResult } from '../toolCalls';

/**
 * A past call's arguments as an object, for wire formats that carry them parsed (Anthropic `input`, Bedrock
 * `toolUse.input`). Arguments that are not a JSON object (malformed, or of another type) become {}: the call's
 * error result already told the model what was wrong, and the API would refuse the request otherwise.
 */
export function argumentsObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * A past call's arguments as JSON text, for OpenAI `tool_calls`: the model's own text when it is a JSON object, else
 * '{}' (OpenAI-compatible servers such as Ollama and vLLM parse these and refuse the request when they are not).
 */
export function argumentsForHistory(text: string): string {
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return text;
  } catch {
    // falls through
  }
  return '{}';
}

/** A result's text for wire formats without an error flag (OpenAI): an error result says so in its text. */
export function resultText(r: ToolResult): string {
  return r.isError ? `Error: ${r.content}` : r.content;
}
