import { StreamingBlocks, type BlockUpdate } from '../../core/chat/streamBlocks';
import { lexBlocks, renderMarkdown } from './render';

/**
 * The body of a reply while it streams. Finished blocks are rendered once and kept; only the open block
 * is re-rendered, at most once per animation frame. An open fenced code block is not re-rendered at all:
 * new code is appended as text, and it is highlighted once its closing fence arrives.
 *
 * Finished blocks live in their own container, a sibling of the open block: a frame that changes only the
 * open block then re-lays out two children of the body, not every block of the reply so far.
 */
export class StreamingBody {
  private readonly blocks = new StreamingBlocks(lexBlocks);
  private readonly done: HTMLElement;
  private readonly open: HTMLElement;
  private fence: { code: HTMLElement; shown: number } | undefined;
  private frame = 0;

  constructor(
    root: HTMLElement,
    private readonly decorate: (block: HTMLElement) => void,
  ) {
    this.done = document.createElement('div');
    this.done.className = 'blocks';
    this.open = document.createElement('div');
    this.open.className = 'block open';
    root.append(this.done, this.open);
  }

  get content(): string {
    return this.blocks.content;
  }

  push(text: string): void {
    this.blocks.append(text);
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.apply(this.blocks.update());
      });
    }
  }

  /** Renders what is left as finished blocks; the body is static afterwards. */
  finish(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const last = this.blocks.update();
    const rest = this.blocks.finish();
    this.apply({ ...rest, finished: [...last.finished, ...rest.finished] });
    this.open.remove();
  }

  private apply(u: BlockUpdate): void {
    for (const md of u.finished) {
      const el = document.createElement('div');
      el.className = 'block';
      el.append(renderMarkdown(md));
      this.decorate(el);
      this.done.append(el);
    }
    if (u.finished.length > 0) this.fence = undefined;
    if (!u.tailChanged && u.finished.length === 0) return;
    if (u.openFence) {
      if (!this.fence) {
        const pre = document.createElement('pre');
        const code = document.createElement('code');
        code.className = 'hljs streaming';
        pre.append(code);
        this.open.replaceChildren(pre);
        this.fence = { code, shown: 0 };
      }
      const add = u.openFence.code.slice(this.fence.shown);
      if (add) this.fence.code.append(document.createTextNode(add));
      this.fence.shown = u.openFence.code.length;
      return;
    }
    this.fence = undefined;
    this.open.replaceChildren(u.tail ? renderMarkdown(u.tail) : '');
  }
}
