import type { ImagePart } from '../toolCalls';
import type { ChatImage, Conversation, ModelChoice } from './conversation';
import {
  cleanName,
  IMAGE_MIME,
  isBase64,
  MAX_CONVERSATION_IMAGE_BYTES,
  MAX_HISTORY_IMAGE_BYTES,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_MESSAGE,
  mb,
} from './imageLimits';

/** What the file's first bytes say it is (never the name or the claimed type). */
export function sniffImage(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/bmp' | undefined {
  const at = (i: number, ...b: number[]): boolean => b.every((x, k) => bytes[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x42, 0x4d)) return 'image/bmp';
  return undefined;
}

export type ImageCheck = { ok: true; image: ChatImage } | { ok: false; message: string };

/**
 * One image from the webview (already schema-checked: PNG/JPEG, strict base64 within MAX_IMAGE_BASE64): decoded, its
 * size checked against MAX_IMAGE_BYTES and its bytes against the type it claims.
 */
export function checkImage(input: { name: string; mimeType: ImagePart['mimeType']; data: string }, id: string): ImageCheck {
  const name = cleanName(input.name);
  if (!IMAGE_MIME.includes(input.mimeType)) return { ok: false, message: `${name}: only PNG and JPEG images can be sent.` };
  if (!isBase64(input.data)) return { ok: false, message: `${name}: the image data is not valid base64.` };
  const bytes = Buffer.from(input.data, 'base64');
  if (bytes.length === 0) return { ok: false, message: `${name}: the image is empty.` };
  if (bytes.length > MAX_IMAGE_BYTES)
    return { ok: false, message: `${name} is ${mb(bytes.length)}; images can be at most ${mb(MAX_IMAGE_BYTES)}.` };
  const actual = sniffImage(bytes);
  if (actual !== input.mimeType)
    return {
      ok: false,
      message: `${name}: the data is ${actual ? `a ${actual.slice(6).toUpperCase()}` : 'not an image'}, not ${input.mimeType}.`,
    };
  return { ok: true, image: { id, name, mimeType: input.mimeType, data: input.data, bytes: bytes.length } };
}

/** Whether `adding` more images fit the caps, given those pending and the conversations stored; undefined when they do. */
export function imageCapProblem(
  adding: readonly Pick<ChatImage, 'bytes'>[],
  pending: readonly Pick<ChatImage, 'bytes'>[],
  active: Conversation,
  all: readonly Conversation[],
): string | undefined {
  const add = sum(adding);
  if (pending.length + adding.length > MAX_IMAGES_PER_MESSAGE) return `A message can carry at most ${MAX_IMAGES_PER_MESSAGE} images.`;
  if (imageBytes(active) + sum(pending) + add > MAX_CONVERSATION_IMAGE_BYTES)
    return (
      `This conversation's images would pass ${mb(MAX_CONVERSATION_IMAGE_BYTES)} ` +
      '(they are kept with it and sent with every turn): start a new chat for more images.'
    );
  const stored = all.filter((c) => c.id !== active.id).reduce((n, c) => n + imageBytes(c), imageBytes(active));
  if (stored + sum(pending) + add > MAX_HISTORY_IMAGE_BYTES)
    return (
      `The chat history's images would pass ${mb(MAX_HISTORY_IMAGE_BYTES)} of workspace storage: ` +
      'delete older conversations with images to add more.'
    );
  return undefined;
}

/** Decoded bytes of every image a conversation keeps. */
export function imageBytes(c: Conversation): number {
  return c.turns.reduce((n, t) => n + (t.role === 'user' ? sum(t.images ?? []) : 0), 0);
}

export function conversationHasImages(c: Conversation): boolean {
  return c.turns.some((t) => t.role === 'user' && (t.images?.length ?? 0) > 0);
}

/** The models of the chat picker, with whether each takes images (ChatBackend.models()). */
export interface VisionModel {
  name: string;
  tier: 'cheap' | 'frontier' | undefined;
  vision?: boolean;
}

/** Whether the picker's choice can answer a message with images: some model it may route to takes them. */
export function choiceTakesImages(choice: ModelChoice, models: readonly VisionModel[]): boolean {
  if (choice === 'auto') return models.some((m) => m.vision && m.tier !== undefined);
  if (choice === 'cheap' || choice === 'frontier') return models.some((m) => m.vision && m.tier === choice);
  const name = choice.slice('model:'.length);
  return models.some((m) => m.name === name && m.vision === true);
}

function sum(images: readonly Pick<ChatImage, 'bytes'>[]): number {
  return images.reduce((n, i) => n + (Number.isFinite(i.bytes) ? i.bytes : 0), 0);
}
