/** OpenAI's `data: [DONE]` end marker, seen below the SDK as it reads the body, however the bytes are split. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sawDoneMarker, watchDoneMarker } from '../../../src/core/providers/sseDone';

/** Reads a body the way the SDK does (to its end), sent as `pieces`; whether the marker was seen. */
async function seen(pieces: string[], status = 200): Promise<boolean> {
  const base = (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(ctrl) {
          for (const p of pieces) ctrl.enqueue(new TextEncoder().encode(p));
          ctrl.close();
        },
      }),
      { status },
    )) as typeof fetch;
  const res = await watchDoneMarker(base)('http://x/v1/completions');
  await res.text();
  return sawDoneMarker(res);
}

const CHUNK = 'data: {"choices":[{"text":"a"}]}\n\n';

test('the marker is seen whole, split, with CRLF, without the space or the final newline; nowhere else', async () => {
  const cases: { name: string; pieces: string[]; want: boolean }[] = [
    { name: 'ends with [DONE]', pieces: [CHUNK, 'data: [DONE]\n\n'], want: true },
    { name: 'split byte by byte', pieces: [...(CHUNK + 'data: [DONE]\n\n')], want: true },
    { name: 'CRLF line ends', pieces: [CHUNK.replace(/\n/g, '\r\n'), 'data: [DONE]\r\n\r\n'], want: true },
    { name: 'no space after data:', pieces: [CHUNK, 'data:[DONE]\n\n'], want: true },
    { name: 'no newline after the marker', pieces: [CHUNK, 'data: [DONE]'], want: true },
    { name: 'cut without the marker', pieces: [CHUNK], want: false },
    { name: 'the marker inside reply text', pieces: ['data: {"choices":[{"text":"data: [DONE]"}]}\n\n'], want: false },
    { name: 'half a marker at the cut', pieces: [CHUNK, 'data: [DO'], want: false },
  ];
  for (const c of cases) assert.equal(await seen(c.pieces), c.want, c.name);
});

test('error answers are passed through untouched', async () => {
  assert.equal(await seen(['data: [DONE]\n\n'], 500), false);
});
