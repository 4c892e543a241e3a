/**
 * Fits the chat classifier's weights from labelled data and writes src/core/router/weights.json.
 *
 *   npx tsc -p test/tsconfig.json && node out/test/tools/fit-router.js [data.jsonl ...]
 *
 * Method: L2-regularised logistic regression on standardised features (the fitted weights are
 * folded back to raw feature scale, so the router computes one dot product). The decision
 * threshold is chosen for frontier recall with a margin: the largest threshold that keeps
 * TARGET_RECALL of the training frontier records, lowered by THRESHOLD_MARGIN in logit units.
 * Repeated stratified k-fold cross-validation applies the same whole procedure (fit + threshold)
 * to each training split and reports recall / cheap share on the held-out split, which is the
 * estimate for unseen prompts. Deterministic: fixed seeds, fixed iteration counts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractFeatures, FEATURES } from '../../src/core/router/features';
import type { ChatMessage, Attachment } from '../../src/core/types';
import { prng } from './prng';

const LAMBDA = 5; // L2 strength on standardised weights (sum over samples scale)
const TARGET_RECALL = 1.0;
const THRESHOLD_MARGIN = 2; // logit units below the recall-preserving threshold
const FOLDS = 5;
const REPEATS = 20;

interface Labelled {
  id: string;
  x: number[];
  y: 0 | 1;
}

export interface Model {
  weights: number[];
  bias: number;
  /** Threshold on the logit (log-odds of frontier). */
  thresholdLogit: number;
}

function readData(files: string[]): Labelled[] {
  const out: Labelled[] = [];
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { id: string; messages: ChatMessage[]; attachments: Attachment[]; label: string };
      out.push({ id: r.id, x: extractFeatures(r), y: r.label === 'frontier' ? 1 : 0 });
    }
  }
  return out;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Newton's method (IRLS) on standardised features; returns raw-scale weights. */
export function fitLogistic(data: readonly Labelled[], lambda = LAMBDA): { weights: number[]; bias: number } {
  const d = data[0].x.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of data) r.x.forEach((v, j) => (mean[j] += v / data.length));
  for (const r of data) r.x.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / data.length));
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const z = data.map((r) => [1, ...r.x.map((v, j) => (v - mean[j]) / sd[j])]);
  const w = new Array<number>(d + 1).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    z.forEach((zi, i) => {
      const p = sigmoid(zi.reduce((s, v, j) => s + v * w[j], 0));
      const g = p - data[i].y;
      const h = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a <= d; a++) {
        grad[a] += g * zi[a];
        for (let b = 0; b <= d; b++) hess[a][b] += h * zi[a] * zi[b];
      }
    });
    for (let a = 1; a <= d; a++) {
      grad[a] += lambda * w[a];
      hess[a][a] += lambda;
    }
    const step = solve(hess, grad);
    let moved = 0;
    for (let a = 0; a <= d; a++) {
      w[a] -= step[a];
      moved = Math.max(moved, Math.abs(step[a]));
    }
    if (moved < 1e-10) break;
  }
  const weights = w.slice(1).map((v, j) => v / sd[j]);
  const bias = w[0] - w.slice(1).reduce((s, v, j) => s + (v * mean[j]) / sd[j], 0);
  return { weights, bias };
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

const logit = (w: { weights: number[]; bias: number }, x: number[]): number => x.reduce((s, v, j) => s + v * w.weights[j], w.bias);

export function fitModel(data: readonly Labelled[]): Model {
  const fit = fitLogistic(data);
  const frontier = data.filter((r) => r.y === 1).map((r) => logit(fit, r.x)).sort((a, b) => a - b);
  const keep = Math.ceil(TARGET_RECALL * frontier.length);
  const t = frontier[frontier.length - keep];
  return { ...fit, thresholdLogit: t - THRESHOLD_MARGIN };
}

interface Metrics {
  recall: number;
  cheapShare: number;
  confusion: number[][];
}

function evaluate(model: Model, data: readonly Labelled[]): Metrics {
  const confusion = [
    [0, 0],
    [0, 0],
  ];
  for (const r of data) confusion[r.y][logit(model, r.x) >= model.thresholdLogit ? 1 : 0]++;
  const frontier = confusion[1][0] + confusion[1][1];
  return {
    recall: confusion[1][1] / frontier,
    cheapShare: (confusion[0][0] + confusion[1][0]) / data.length,
    confusion,
  };
}

export function crossValidate(data: readonly Labelled[], folds = FOLDS, repeats = REPEATS): { recall: number; cheapShare: number; minRecall: number } {
  let tp = 0;
  let fn = 0;
  let cheap = 0;
  let total = 0;
  let minRecall = 1;
  for (let rep = 0; rep < repeats; rep++) {
    const rand = prng(1000 + rep);
    const fold = new Map<Labelled, number>();
    for (const y of [0, 1]) {
      const cls = data.filter((r) => r.y === y);
      for (let i = cls.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [cls[i], cls[j]] = [cls[j], cls[i]];
      }
      cls.forEach((r, i) => fold.set(r, i % folds));
    }
    let repTp = 0;
    let repFn = 0;
    for (let f = 0; f < folds; f++) {
      const model = fitModel(data.filter((r) => fold.get(r) !== f));
      const m = evaluate(model, data.filter((r) => fold.get(r) === f));
      repTp += m.confusion[1][1];
      repFn += m.confusion[1][0];
      cheap += m.confusion[0][0] + m.confusion[1][0];
      total += m.confusion[0][0] + m.confusion[0][1] + m.confusion[1][0] + m.confusion[1][1];
    }
    tp += repTp;
    fn += repFn;
    minRecall = Math.min(minRecall, repTp / (repTp + repFn));
  }
  return { recall: tp / (tp + fn), cheapShare: cheap / total, minRecall };
}

function main(): void {
  const root = path.resolve(__dirname, '../../..');
  const files = process.argv.slice(2);
  const data = readData(files.length ? files : [path.join(root, 'test/data/devset.jsonl')]);
  const model = fitModel(data);
  const all = evaluate(model, data);
  const cv = crossValidate(data);
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  const out = {
    comment: 'Generated by test/tools/fit-router.ts from test/data/devset.jsonl. Do not edit by hand: rerun the script.',
    features: FEATURES.map((f) => f.name),
    weights: model.weights.map(round),
    bias: round(model.bias),
    threshold: round(sigmoid(model.thresholdLogit)),
    fit: { lambda: LAMBDA, targetRecall: TARGET_RECALL, marginLogit: THRESHOLD_MARGIN, records: data.length },
    devset: { recall: round(all.recall), cheapShare: round(all.cheapShare), confusion: all.confusion },
    crossValidation: { folds: FOLDS, repeats: REPEATS, recall: round(cv.recall), cheapShare: round(cv.cheapShare), worstRepeatRecall: round(cv.minRecall) },
  };
  fs.writeFileSync(path.join(root, 'src/core/router/weights.json'), JSON.stringify(out, null, 2) + '\n');
  for (const [i, f] of FEATURES.entries()) process.stdout.write(`${f.name.padEnd(14)} ${model.weights[i].toFixed(3)}\n`);
  process.stdout.write(`bias ${model.bias.toFixed(3)} threshold p=${out.threshold}\n`);
  process.stdout.write(`dev set: recall ${all.recall.toFixed(3)} cheap share ${all.cheapShare.toFixed(3)} confusion ${JSON.stringify(all.confusion)}\n`);
  process.stdout.write(`${FOLDS}-fold CV x${REPEATS}: recall ${cv.recall.toFixed(3)} (worst repeat ${cv.minRecall.toFixed(3)}) ` +
      `cheap share ${cv.cheapShare.toFixed(3)}\n`);
  if (process.env.FIT_DEBUG) {
    for (const r of data) {
      const l = logit(model, r.x);
      const routed = l >= model.thresholdLogit ? 1 : 0;
      if (routed !== r.y) process.stdout.write(`miss ${r.id} label=${r.y ? 'frontier' : 'cheap'} p=${sigmoid(l).toFixed(3)} x=${r.x.map((v) => v.toFixed(2)).join(',')}\n`);
    }
  }
}

if (require.main === module) main();
