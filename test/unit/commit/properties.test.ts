/**
 * Properties of the commit message loops over arbitrary text: the diff split is lossless, the budget is never
 * exceeded and only whole hunks (or a hunk's first lines) are sent, an excluded file's content never reaches the
 * prompt, style detection takes anything, and cleanup is idempotent with a body that keeps its words within 72
 * columns. Each call is bounded in CPU time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fitDiff } from '../../../src/core/commit/budget';
import { cleanMessage } from '../../../src/core/commit/cleanup';
import { fileText, headerAndHunks, splitDiff } from '../../../src/core/commit/diffFiles';
import { buildCommitPrompt } from '../../../src/core/commit/prompt';
import { detectStyle, styleRules } from '../../../src/core/commit/style';
import { wrapBody } from '../../../src/core/commit/wrap';
import { approxTokens } from '../../../src/core/tokens';
import { bounded, documentArb, piece, RUNS } from '../props/arbitraries';
import '../props/seed';

/** A diff-ish line: real header and hunk shapes mixed with awkward text. */
const line: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'diff --git a/x.ts b/x.ts',
      '--- a/x.ts',
      '+++ b/x.ts',
      '@@ -1,2 +1,2 @@',
      'new file mode 100644',
      'rename from a.ts',
      'rename to b.ts',
      'Binary files a/p.png and b/p.png differ',
      'diff --git "a/t\\303\\251" "b/t\\303\\251"',
      'diff --git a/.env b/.env',
      '+API_KEY=sk-proj-abc123DEF456ghi789JKL012mno345PQR',
      ' context',
      '-removed',
      '+added',
      '\\ No newline at end of file',
    ),
  },
  { weight: 2, arbitrary: documentArb(6).map((d) => d.replace(/\n/g, ' ')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('+', '-', ' ', '@@', 'diff --git '), piece).map(([a, b]) => a + b) },
);
const diffArb = fc.array(line, { maxLength: 60 }).chain((ls) => fc.constantFrom('\n', '\r\n').map((nl) => ls.join(nl) + nl));

test('splitDiff: the files put back together are the diff after its unattributed start', () => {
  fc.assert(
    fc.property(diffArb, (diff) => {
      const { files, unattributed } = bounded('splitDiff', () => splitDiff(diff));
      assert.equal(diff.slice(0, unattributed) + files.map(fileText).join(''), diff);
      for (const f of files) {
        assert.ok(f.header.startsWith('diff --git '));
        for (const h of f.hunks) assert.ok(h.startsWith('@@'));
        assert.deepEqual(headerAndHunks(fileText(f)), { header: f.header, hunks: f.hunks });
      }
    }),
    { numRuns: RUNS },
  );
});

test('fitDiff: never over the budget; every hunk sent is whole or the first lines of one, in order', () => {
  const parts = fc.array(
    fc.record({
      path: fc.string({ maxLength: 10 }),
      header: fc.string({ maxLength: 80 }).map((s) => `diff --git ${s}\n`),
      hunks: fc.array(
        fc
          .array(fc.string({ maxLength: 60 }), { maxLength: 30 })
          .map((ls) => `@@ -1 +1 @@\n${ls.map((l) => `+${l.replace(/\n/g, '')}\n`).join('')}`),
        { maxLength: 6 },
      ),
    }),
    { maxLength: 8 },
  );
  fc.assert(
    fc.property(parts, fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(-1, NaN, Infinity)), (ps, budget) => {
      const out = bounded('fitDiff', () => fitDiff(ps, budget));
      assert.ok(approxTokens(out.text) <= (Number.isFinite(budget) ? Math.max(0, budget) : 0));
      let rest = out.text;
      for (const [i, p] of ps.entries()) {
        if (!out.included[i]) continue;
        assert.ok(rest.startsWith(p.header), 'headers in order');
        rest = rest.slice(p.header.length);
        for (const h of p.hunks) {
          if (rest.startsWith(h)) rest = rest.slice(h.length);
          else {
            const cut = /^((?:[^\n]*\n)*?)… \(\d+ more lines? of this hunk left out\)\n/.exec(rest);
            if (cut && h.startsWith(cut[1]) && cut[1]) rest = rest.slice(cut[0].length);
          }
        }
      }
      assert.equal(rest, '', 'nothing but headers and hunks of the input');
    }),
    { numRuns: RUNS },
  );
});

test("buildCommitPrompt: an excluded file's content never reaches the prompt, whatever surrounds it", () => {
  const secretFile = fc.constantFrom('.env', 'config/.env.local', 'keys/id_rsa', 'private/data.txt', 'server.pem');
  fc.assert(
    fc.property(diffArb, secretFile, diffArb, fc.integer({ min: 0, max: 4000 }), (before, file, afterDiff, budget) => {
      const marker = 'MARKERzq9excluded';
      const excluded = `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-old\n+${marker}\n`;
      const diff = before + excluded + afterDiff.replaceAll(marker, '');
      const p = bounded('buildCommitPrompt', () =>
        buildCommitPrompt({ diff, staged: true, recentMessages: [marker.slice(0, 3)], exclude: ['private/**'], budgetTokens: budget }),
      );
      assert.ok(!(p.system + p.user).includes(marker));
    }),
    { numRuns: RUNS },
  );
});

test('detectStyle and styleRules take any messages', () => {
  fc.assert(
    fc.property(fc.array(documentArb(10), { maxLength: 25 }), (messages) => {
      const s = bounded('detectStyle', () => detectStyle(messages));
      assert.ok(s.sample >= 0 && s.sample <= messages.length);
      assert.ok(s.examples.length <= 10 && s.examples.every((e) => !e.includes('\n')));
      assert.ok(Number.isFinite(s.typicalLength));
      assert.ok(styleRules(s).length >= 4);
    }),
    { numRuns: RUNS },
  );
});

const answerArb = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: piece },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '```',
          '```diff\n',
          '\n```\n',
          'Commit message: ',
          "Here's the commit message:\n",
          '"',
          '**',
          'Subject: ',
          'Body: ',
          '<think>',
          '</think>',
          '- ',
          '    ',
          '\n\n',
          ' word',
          ` ${'x'.repeat(80)}`,
        ),
      },
    ),
    { maxLength: 60 },
  )
  .map((p) => p.join(''));

test('cleanMessage: idempotent, trimmed, one blank line after the subject, no carriage returns', () => {
  fc.assert(
    fc.property(answerArb, (raw) => {
      const once = bounded('cleanMessage', () => cleanMessage(raw));
      assert.equal(cleanMessage(once), once);
      assert.equal(once, once.trim());
      assert.ok(!once.includes('\r'));
      const lines = once.split('\n');
      if (lines.length > 1) assert.equal(lines[1], '', 'a blank line between subject and body');
      assert.ok(!/\n{3,}/.test(once.replace(/```[\s\S]*?```/g, 'F')));
    }),
    { numRuns: RUNS },
  );
});

test('wrapBody: every word kept in order; a line over 72 columns is one word or kept code', () => {
  const body = fc
    .array(fc.oneof(piece, fc.constantFrom(' ', ' ', '\n', '- ', '1. ', 'y'.repeat(90), 'word ')), { maxLength: 120 })
    .map((p) => p.join(''));
  fc.assert(
    fc.property(body, (text) => {
      const out = bounded('wrapBody', () => wrapBody(text));
      const words = (t: string) => t.split(/[ \n]+/).filter(Boolean);
      assert.deepEqual(words(out), words(text));
      for (const l of out.split('\n')) {
        if ([...l].length <= 72 || /^( {4}|\t)/.test(l) || /^\s*```/.test(l)) continue;
        const rest = l.replace(/^\s*(?:[-*+•]|\d+[.)])?\s*/, '');
        assert.ok(!rest.includes(' ') || out.includes('```'), `over 72 with a space to break at: ${JSON.stringify(l)}`);
      }
    }),
    { numRuns: RUNS },
  );
});
