/** Image token estimates (used when a server reports no usage) read the size from PNG and JPEG headers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IMAGE_TOKENS_FALLBACK, imageTokens } from '../../../src/core/providers/prompt';
import type { ImagePart } from '../../../src/core/toolCalls';

/** The start of a PNG: signature and IHDR (8-bit RGBA), enough for the header reader. */
function png(width: number, height: number): ImagePart {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16);
  ihdr.writeUInt8(6, 17);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { mimeType: 'image/png', data: Buffer.concat([sig, ihdr]).toString('base64') };
}

/** The start of a JPEG: SOI, an APP1 (EXIF-like) segment of `exifBytes`, a DQT, then the frame header. */
function jpeg(width: number, height: number, sof = 0xc0, exifBytes = 200): ImagePart {
  const app1 = Buffer.alloc(4 + exifBytes);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exifBytes + 2, 2);
  const dqt = Buffer.alloc(4 + 65);
  dqt.writeUInt16BE(0xffdb, 0);
  dqt.writeUInt16BE(67, 2);
  const frame = Buffer.alloc(19);
  frame.writeUInt16BE(0xff00 | sof, 0);
  frame.writeUInt16BE(17, 2);
  frame.writeUInt8(8, 4);
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  return { mimeType: 'image/jpeg', data: Buffer.concat([Buffer.from([0xff, 0xd8]), app1, dqt, frame]).toString('base64') };
}

describe('imageTokens', () => {
  const cases: [string, ImagePart, number][] = [
    ['PNG 800×600: w×h/750', png(800, 600), 640],
    ['PNG 200×200', png(200, 200), 54],
    ['JPEG 800×600 after EXIF and DQT segments', jpeg(800, 600), 640],
    ['progressive JPEG (SOF2) 1000×500', jpeg(1000, 500, 0xc2), 667],
    ['JPEG whose frame header follows 60 KiB of EXIF', jpeg(640, 480, 0xc0, 60_000), 410],
    ['a huge PNG is scaled down first: at most about 1,600 tokens', png(6000, 4000), IMAGE_TOKENS_FALLBACK],
    [
      'unreadable data: the fallback',
      { mimeType: 'image/png', data: Buffer.from('not an image').toString('base64') },
      IMAGE_TOKENS_FALLBACK,
    ],
    ['empty data: the fallback', { mimeType: 'image/jpeg', data: '' }, IMAGE_TOKENS_FALLBACK],
  ];
  for (const [name, img, tokens] of cases) test(name, () => assert.equal(imageTokens(img), tokens));
});
