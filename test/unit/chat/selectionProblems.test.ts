import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problemsAttachment, problemsIn, type Problem } from '../../../src/core/chat/selectionProblems';

const p = (
  line: number,
  endLine: number,
  message: string,
  severity: Problem['severity'] = 'error',
  extra: Partial<Problem> = {},
): Problem => ({
  line,
  column: 5,
  endLine,
  severity,
  message,
  ...extra,
});

test('problems meeting the selection, in line order (all of them without a selection)', () => {
  const all = [p(30, 30, 'after'), p(12, 12, 'inside'), p(2, 4, 'before'), p(8, 10, 'overlaps start'), p(20, 25, 'overlaps end')];
  const lines = { start: 10, end: 20 };
  assert.deepEqual(
    problemsIn(all, lines).map((x) => x.message),
    ['overlaps start', 'inside', 'overlaps end'],
  );
  assert.equal(problemsIn(all, undefined).length, 5);
});

test("/fix's attachment lists each problem with its line, column, severity, code and source; secrets redacted", () => {
  const all = [
    p(12, 12, "Type 'string' is not assignable\n  to type 'number'.", 'error', { source: 'ts', code: '2322' }),
    p(14, 14, 'token sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH leaked', 'warning', {
      source: 'eslint',
      code: 'no-secrets',
    }),
  ];
  const r = problemsAttachment('src/app.ts', { start: 10, end: 20 }, all, 'p1');
  assert.ok('attachment' in r);
  const a = r.attachment;
  assert.equal(a.kind, 'problems');
  assert.equal(a.label, 'problems in src/app.ts:10-20');
  assert.equal(a.path, 'src/app.ts');
  const [first, second] = a.text.split('\n');
  assert.equal(first, "src/app.ts:12:5 error TS2322: Type 'string' is not assignable to type 'number'. (ts)");
  assert.match(second, /^src\/app\.ts:14:5 warning no-secrets: token «redacted:[^»]+» leaked \(eslint\)$/);
  assert.equal(a.redactions, 1);
  assert.ok(a.tokens! > 10);
});

test('no problems in the selection: said, naming the range', () => {
  const r = problemsAttachment('src/app.ts', { start: 3, end: 3 }, [p(12, 12, 'elsewhere')], 'p1');
  assert.deepEqual(r, { none: 'No problems are reported in src/app.ts:3: /fix sends the code without any.' });
});
