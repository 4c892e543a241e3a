/**
 * The @codebase quality measure, shared by `npm run bench -- codebase` and the unit test that holds recall@5: the
 * RxJS fixture indexed through the product's indexer, then each question of codebaseQuestions.json searched; a
 * question counts at k when its file is among the first k distinct files of the hits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultSettings } from '../../src/core/settings/defaults';
import { CodebaseIndexer } from '../../src/core/codebase/indexer';
import { fileStore, folderSource } from '../../src/core/codebase/fsSource';

export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURE = path.join(REPO, 'test/fixtures/rxjs');

export interface Question {
  q: string;
  file: string;
}

export function questions(): Question[] {
  const data = JSON.parse(fs.readFileSync(path.join(REPO, 'test/bench/codebaseQuestions.json'), 'utf8')) as { questions: Question[] };
  return data.questions;
}

export async function indexFixture(root = FIXTURE, storeFile?: string): Promise<CodebaseIndexer> {
  const indexer = new CodebaseIndexer({
    source: folderSource(root),
    store: storeFile === undefined ? undefined : fileStore(storeFile),
    settings: () => defaultSettings().codebase,
    excludeGlobs: () => [],
  });
  indexer.start();
  await indexer.whenIdle();
  return indexer;
}

export interface Recall {
  n: number;
  at1: number;
  at5: number;
  mrr: number;
  /** Questions whose file was not in the first five, with the files found instead. */
  misses: { q: string; file: string; got: string[] }[];
}

export async function measureRecall(indexer: CodebaseIndexer, qs = questions()): Promise<Recall> {
  let at1 = 0;
  let at5 = 0;
  let rr = 0;
  const misses: Recall['misses'] = [];
  for (const { q, file } of qs) {
    const hits = await indexer.search(q, 40);
    const files = [...new Set(hits.map((h) => h.path))];
    const rank = files.indexOf(file) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 5) at5++;
    else misses.push({ q, file, got: files.slice(0, 5) });
    if (rank >= 1) rr += 1 / rank;
  }
  const n = qs.length;
  return { n, at1: at1 / n, at5: at5 / n, mrr: rr / n, misses };
}
