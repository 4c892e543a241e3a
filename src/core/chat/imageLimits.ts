import type { ImagePart } from '../toolCalls';

/**
 * Images pasted or dropped into the chat: what is accepted, and the caps that keep the conversation history (workspace
 * storage) and the provider requests within bounds.
 *
 * | cap                         | value      | why                                                                     |
 * |-----------------------------|------------|-------------------------------------------------------------------------|
 * | one image, decoded          | 3.75 MB    | Bedrock Converse's limit (Anthropic: 5 MB, OpenAI: 20 MB): fits all three |
 * | longest side                | 2048 px    | the webview scales larger images down (OpenAI scales to 2048, Claude to 1568) |
 * | images per message          | 5          |                                                                         |
 * | images per conversation     | 10 MB      | they are stored with it in workspace storage and sent with every turn   |
 * | images in the whole history | 40 MB      | over all conversations of the workspace: delete old ones to add more    |
 */
export const MAX_IMAGE_BYTES = 3_750_000;
export const MAX_IMAGE_SIDE = 2048;
export const MAX_IMAGES_PER_MESSAGE = 5;
export const MAX_CONVERSATION_IMAGE_BYTES = 10_000_000;
export const MAX_HISTORY_IMAGE_BYTES = 40_000_000;
/** Largest base64 text of one image accepted from the webview. */
export const MAX_IMAGE_BASE64 = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;
/** Largest file read from disk for a drop from VS Code's explorer (the webview may still scale it down). */
export const MAX_DROPPED_FILE_BYTES = 25_000_000;

export const IMAGE_MIME: readonly ImagePart['mimeType'][] = ['image/png', 'image/jpeg'];
/** Base64's alphabet (standard, padded), as FileReader and canvas.toDataURL write it; see isBase64 for the whole rule. */
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64: the standard alphabet, a length that is a multiple of 4, at most two "=" at the end. (One regular
 * expression with a repeated group would overflow the stack on a few megabytes.)
 */
export function isBase64(s: string): boolean {
  return s.length % 4 === 0 && BASE64_CHARS.test(s);
}

/** "1.2 MB", "340 KB" */
export function mb(bytes: number): string {
  return bytes >= 1_000_000 ? `${Number((bytes / 1_000_000).toFixed(2))} MB` : `${Math.ceil(bytes / 1000)} KB`;
}

/** A name for the chip: no control characters, at most 120 characters; "pasted image" when there is none. */
export function cleanName(name: string): string {
  const clean = name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 120);
  return clean || 'pasted image';
}
