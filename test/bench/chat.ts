/**
 * Chat streaming benchmark: the markdown work per streamed chunk (block split + parse of what changed),
 * early in a long reply vs late in it. Incremental rendering means the late chunks cost about what the
 * early ones do; re-parsing the whole reply each chunk (the naive way) is shown for comparison.
 * DOM work is excluded (no DOM in Node); it follows the same shape: finished blocks are never touched again.
 */
import { performance } from 'node:perf_hooks';
import { StreamingBlocks } from '../../src/core/chat/streamBlocks';
import { median, percentile } from './stats';
import type { BenchRow } from './types';

const AREA = 'chat';
const CHUNK = 24;

function reply(chars: number): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < chars; i++) {
    const block =
      i % 4 === 3
        ? `\`\`\`ts\nfunction step${i}(x: number): number {\n  return x * ${i} + 1; // comment\n}\n\`\`\`\n\n`
        : i % 4 === 2
          ? `- item **${i}** with \`code\`\n- another item\n- and [a link](https://example.com/${i})\n\n`
          : `Paragraph ${i}: the handler runs *twice* because the event fires before the debounce settles, so guard it.\n\n`;
    parts.push(block);
    n += block.length;
  }
  return parts.join('');
}

export async function rows(): Promise<BenchRow[]> {
  const { Marked } = await import('marked');
  const m = new Marked({ gfm: true, async: false });
  const text = reply(80_000);
  let early: number[] = [];
  let late: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
  // pass 0 warms the JIT up; pass 1 is measured
  early = [];
  late = [];
  const blocks = new StreamingBlocks((s) => m.lexer(s));
  for (let i = 0; i < text.length; i += CHUNK) {
    const t0 = performance.now();
    blocks.append(text.slice(i, i + CHUNK));
    const u = blocks.update();
    for (const f of u.finished) m.parse(f);
    if (u.tailChanged && !u.openFence) m.parse(u.tail);
    const dt = performance.now() - t0;
    if (i < 8_000) early.push(dt);
    else if (i > text.length - 8_000) late.push(dt);
  }
  }
  const naive: number[] = [];
  for (let k = 0; k < 30; k++) {
    const t0 = performance.now();
    m.parse(text.slice(0, text.length - k * CHUNK));
    naive.push(performance.now() - t0);
  }
  const ratio = median(late) / median(early);
  const f = (x: number): string => `${(x * 1000).toFixed(0)} µs`;
  return [
    { area: AREA, name: 'markdown per chunk, first 8k chars (median / p99)', value: `${f(median(early))} / ${f(percentile(early, 99))}` },
    { area: AREA, name: 'markdown per chunk, last 8k of 80k chars (median / p99)', value: `${f(median(late))} / ${f(percentile(late, 99))}` },
    { area: AREA, name: 'late/early per-chunk cost ratio', value: ratio.toFixed(2), target: '≤ 2 (cost does not grow with reply length)', ok: ratio <= 2 },
    { area: AREA, name: 'naive: re-parse the whole 80k reply per chunk (median)', value: f(median(naive)) },
  ];
}
