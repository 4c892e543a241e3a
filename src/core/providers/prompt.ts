import { TOOL_NAME, type ImagePart, type ToolDefinition } from '../toolCalls';
import type { ChatMessage } from '../types';
import type { ChatRequest } from './provider';

type Turn = ChatMessage & { role: 'user' | 'assistant' };

/**
 * For APIs that take the system prompt apart (Anthropic, Bedrock): the system prompt and any system-role
 * messages joined into one text, and the remaining user/assistant turns in order.
 */
export function splitSystem(req: Pick<ChatRequest, 'system' | 'messages'>): { system: string; turns: Turn[] } {
  const system = [req.system, ...req.messages.filter((m) => m.role === 'system').map((m) => m.content)].filter(Boolean).join('\n\n');
  return { system, turns: req.messages.filter((m): m is Turn => m.role !== 'system') };
}

/**
 * The prompt as one text, tokenized only when the provider reports no usage: the system prompt, every message's
 * text, tool calls (name and arguments) and tool results, and the tool definitions the model was offered.
 */
export function promptText(system: string | undefined, messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): string {
  const parts: string[] = [];
  if (system) parts.push(system);
  for (const t of tools ?? []) parts.push(`${t.name}: ${t.description}\n${JSON.stringify(t.inputSchema)}`);
  for (const m of messages) {
    for (const r of m.toolResults ?? []) parts.push(`${r.name}: ${r.content}`);
    if (m.content) parts.push(m.content);
    for (const c of m.toolCalls ?? []) parts.push(`${c.name} ${c.arguments}`);
  }
  return parts.join('\n');
}

/** Whether the conversation holds tool calls or results (some APIs then require tool definitions). */
export function hasToolHistory(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => !!m.toolCalls?.length || !!m.toolResults?.length);
}

/**
 * Definitions for the tools named in the conversation's history, for APIs that refuse tool history without them
 * when the request offers none (Bedrock): each takes any object. Sent with a choice that lets the model call none.
 */
export function historyToolStubs(messages: readonly ChatMessage[]): ToolDefinition[] {
  const names = new Set<string>();
  for (const m of messages) {
    for (const c of m.toolCalls ?? []) names.add(c.name);
    for (const r of m.toolResults ?? []) names.add(r.name);
  }
  return [...names]
    .filter((n) => TOOL_NAME.test(n))
    .map((name) => ({ name, description: `(used earlier in this conversation; not available now)`, inputSchema: { type: 'object' } }));
}

/** Every image the prompt carries: user images and tool results' images. */
export function promptImages(messages: readonly ChatMessage[]): ImagePart[] {
  return messages.flatMap((m) => [...(m.images ?? []), ...(m.toolResults ?? []).flatMap((r) => r.images ?? [])]);
}

/** What an image of unknown size is taken to cost (about what the APIs charge for a full-size image). */
export const IMAGE_TOKENS_FALLBACK = 1600;

/**
 * Tokens an image costs, estimated as Anthropic documents it (width × height / 750, the image first scaled down to
 * fit 1568 px on its long edge and about 1,600 tokens); IMAGE_TOKENS_FALLBACK when its size cannot be read from the
 * PNG or JPEG header.
 */
export function imageTokens(img: ImagePart): number {
  // The header is near the start; a JPEG's frame header may follow EXIF data, so read up to 96 KiB.
  const size = imageSize(Buffer.from(img.data.slice(0, 128 << 10), 'base64'));
  if (!size) return IMAGE_TOKENS_FALLBACK;
  const scale = Math.min(1, 1568 / Math.max(size.width, size.height, 1));
  return Math.max(1, Math.min(IMAGE_TOKENS_FALLBACK, Math.ceil((size.width * scale * (size.height * scale)) / 750)));
}

/** Width and height from a PNG's IHDR or a JPEG's start-of-frame marker. */
function imageSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  return undefined;
}
