import type { ChatImage, UserTurn } from '../../core/chat/conversation';
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, MAX_IMAGES_PER_MESSAGE, mb } from '../../core/chat/imageLimits';
import { button, h } from './dom';
import { post } from './vscodeApi';

/**
 * Images pasted, dropped or picked into the chat: turned into what every provider takes (PNG or JPEG, at most
 * MAX_IMAGE_SIDE px on the longest side and MAX_IMAGE_BYTES decoded) and posted to the host, which checks them again
 * and keeps them pending; the pending ones show as thumbnail chips with a remove button.
 */

export type Sendable = { ok: true; mimeType: 'image/png' | 'image/jpeg'; data: string } | { ok: false; message: string };

const SENT_AS_IS = ['image/png', 'image/jpeg'];

/** The blob as base64 (no data: prefix). */
function base64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('the file could not be read'));
    r.readAsDataURL(blob);
  });
}

function encode(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/**
 * One image made sendable: a PNG or JPEG that fits is sent as it is; anything else the browser can decode (GIF, WebP,
 * BMP, SVG…) or anything too large is drawn on a canvas, scaled to fit, and encoded as PNG (JPEG when that is too
 * large, or the source was a JPEG). Refused with a message when it cannot be read or made to fit.
 */
export async function sendable(blob: Blob, name: string): Promise<Sendable> {
  if (blob.type && !blob.type.startsWith('image/')) return { ok: false, message: `${name} is not an image.` };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return { ok: false, message: `${name}: this image type cannot be read here; paste a PNG or JPEG.` };
  }
  const { width, height } = bitmap;
  const fits = Math.max(width, height) <= MAX_IMAGE_SIDE;
  if (SENT_AS_IS.includes(blob.type) && fits && blob.size <= MAX_IMAGE_BYTES) {
    bitmap.close();
    return { ok: true, mimeType: blob.type as 'image/png' | 'image/jpeg', data: await base64(blob) };
  }
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height));
  const canvas = h('canvas', {
    width: String(Math.max(1, Math.round(width * scale))),
    height: String(Math.max(1, Math.round(height * scale))),
  });
  const ctx = canvas.getContext('2d');
  if (!ctx) return { ok: false, message: `${name} could not be converted (no canvas).` };
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const tries: ['image/png' | 'image/jpeg', number | undefined][] =
    blob.type === 'image/jpeg'
      ? [
          ['image/jpeg', 0.9],
          ['image/jpeg', 0.75],
        ]
      : [
          ['image/png', undefined],
          ['image/jpeg', 0.9],
          ['image/jpeg', 0.75],
        ];
  for (const [type, quality] of tries) {
    const out = await encode(canvas, type, quality);
    if (out && out.size <= MAX_IMAGE_BYTES) return { ok: true, mimeType: type, data: await base64(out) };
  }
  return { ok: false, message: `${name} is too large to send even scaled down (images can be at most ${mb(MAX_IMAGE_BYTES)}).` };
}

function dataUrl(img: Pick<ChatImage, 'mimeType' | 'data'>): string {
  return `data:${img.mimeType};base64,${img.data}`;
}

/** The pending images: thumbnail chips with a remove button each, and the ways to add more. */
export class ImageInput {
  readonly chips = h('div', { class: 'chips image-chips', 'data-testid': 'images', 'aria-label': 'Images for the next message' });
  private pending: ChatImage[] = [];
  /** Adds in flight (a paste being converted): counted against the per-message cap before the host answers. */
  private adding = 0;
  private readonly picker = h('input', { type: 'file', accept: 'image/*', multiple: true, hidden: true, 'data-testid': 'image-file' });

  constructor(private readonly notify: (level: 'info' | 'error', text: string) => void) {
    this.chips.hidden = true;
    this.picker.addEventListener('change', () => {
      void this.addFiles(Array.from(this.picker.files ?? []));
      this.picker.value = '';
    });
  }

  get count(): number {
    return this.pending.length;
  }

  /** The "attach image" button: opens the file dialog. */
  attachButton(): HTMLElement {
    return h(
      'span',
      { class: 'attach-image' },
      this.picker,
      button(
        'Attach an image (or paste / drop one)',
        'attach-image',
        () => this.picker.click(),
        {},
        { icon: 'file-media', iconOnly: true },
      ),
    );
  }

  set(images: ChatImage[]): void {
    this.pending = images;
    this.chips.hidden = images.length === 0;
    this.chips.replaceChildren(
      ...images.map((img) =>
        h(
          'span',
          { class: 'chip image-chip', 'data-testid': 'image-chip', title: `${img.name} (${mb(img.bytes)})` },
          h('img', { class: 'thumb', src: dataUrl(img), alt: img.name }),
          h('span', { class: 'chip-label' }, img.name),
          button(
            `Remove ${img.name}`,
            'remove-image',
            () => post({ type: 'removeImage', id: img.id }),
            { class: 'chip-remove' },
            {
              icon: 'close',
              iconOnly: true,
            },
          ),
        ),
      ),
    );
  }

  /** Images pasted, dropped or picked: each converted if need be, then posted to the host. */
  async addFiles(files: File[]): Promise<void> {
    const images = files.filter((f) => !f.type || f.type.startsWith('image/'));
    if (images.length < files.length) this.notify('error', 'Only images can be pasted or dropped into the chat.');
    for (const f of images) {
      if (this.pending.length + this.adding >= MAX_IMAGES_PER_MESSAGE) {
        this.notify('error', `A message can carry at most ${MAX_IMAGES_PER_MESSAGE} images.`);
        return;
      }
      this.adding++;
      try {
        await this.add(f, f.name || 'pasted image');
      } finally {
        this.adding--;
      }
    }
  }

  /** A file the host read (dropped from VS Code's explorer) that is not a PNG/JPEG within the caps. */
  async convert(name: string, mimeType: string, data: string): Promise<void> {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    await this.add(new Blob([bytes], { type: mimeType }), name);
  }

  private async add(blob: Blob, name: string): Promise<void> {
    const s = await sendable(blob, name);
    if (!s.ok) return this.notify('error', s.message);
    post({ type: 'addImage', name, mimeType: s.mimeType, data: s.data });
  }

  /** Paste: image files on the clipboard are added (text pastes as usual). */
  onPaste(e: ClipboardEvent): void {
    const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (files.length === 0) return;
    e.preventDefault();
    void this.addFiles(files);
  }

  /**
   * Drop: files from the OS are read here; files dragged from VS Code's explorer or tabs arrive as URIs, which the host
   * reads (inside the workspace only).
   */
  onDrop(e: DragEvent): void {
    const dt = e.dataTransfer;
    if (!dt) return;
    const files = Array.from(dt.files);
    if (files.length) {
      e.preventDefault();
      void this.addFiles(files);
      return;
    }
    const list = dt.getData('application/vnd.code.uri-list') || dt.getData('text/uri-list');
    const uris = list
      .split(/\r?\n/)
      .map((u) => u.trim())
      .filter((u) => u && !u.startsWith('#'));
    if (uris.length === 0) return;
    e.preventDefault();
    for (const uri of uris.slice(0, MAX_IMAGES_PER_MESSAGE)) post({ type: 'dropFile', uri });
  }
}

/** Drags that carry files or URIs may be dropped on the panel. */
export function acceptsDrop(e: DragEvent): boolean {
  const types = Array.from(e.dataTransfer?.types ?? []);
  return types.includes('Files') || types.includes('text/uri-list') || types.includes('application/vnd.code.uri-list');
}

/** A sent message's images, as thumbnails on its turn. */
export function turnImages(t: UserTurn): HTMLElement | null {
  if (!t.images?.length) return null;
  return h(
    'div',
    { class: 'turn-images' },
    ...t.images.map((img) =>
      h('img', {
        class: 'turn-image',
        'data-testid': 'turn-image',
        src: dataUrl(img),
        alt: img.name,
        title: `${img.name} (${mb(img.bytes)})`,
      }),
    ),
  );
}
