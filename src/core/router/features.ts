import type { Attachment, ChatMessage } from '../types';

/**
 * Features of a chat request for the cheap/frontier classifier. Each is a small, explainable
 * signal computed locally from the last user message, earlier turns and attachments; the
 * classifier weighs them with a logistic model fitted offline (test/tools/fit-router.ts).
 *
 * Lexicons cover English plus the common phrasings in German, Spanish, Portuguese, Chinese and
 * Japanese. Only the first MAX_SCAN characters of each text are scanned, so a huge paste costs
 * no more than a long prompt.
 */

/** The request fields the features read. */
export interface ChatInput {
  messages?: readonly ChatMessage[];
  attachments?: readonly Attachment[];
}

export interface FeatureSpec {
  name: string;
  /** Shown in a reason when the feature pushed towards frontier. */
  high: string;
  /** Shown when its absence (or low value) pushed towards cheap; omitted: never shown that way. */
  low?: string;
}

const MAX_SCAN = 6000;
const MAX_ATTACHMENT_SCAN = 4000;

// The lexicons below are matched against lower-cased prose without the i/u flags: V8 runs large
// case-insensitive Unicode alternations about 20x slower.

/** Fixed feature order: weights.json stores weights in this order. */
export const FEATURES: readonly FeatureSpec[] = [
  { name: 'prose', high: 'long description', low: 'short ask' },
  { name: 'why', high: "'why'" },
  { name: 'symptom', high: 'odd symptoms' },
  { name: 'design', high: 'design/migration' },
  { name: 'review', high: 'review/safety' },
  { name: 'requirements', high: 'requirements' },
  { name: 'numbers', high: 'measurements' },
  { name: 'trace', high: 'stack trace' },
  { name: 'context', high: 'large attachments', low: 'little code' },
  { name: 'multiFile', high: 'multiple files' },
  { name: 'lookup', high: 'lookup-style ask', low: 'lookup-style ask' },
  { name: 'followUp', high: 'follow-up' },
];

// --- lexicons -------------------------------------------------------------------------------

/** Asking for a cause: the user sees behaviour they cannot explain. */
const WHY =
  new RegExp(
    [
      String.raw`\bwhy\b|what'?s (?:wrong|going on|happening|leaking|eating|causing|keeping)|what (?:is|could) (?:be )?(?:wrong|`,
      String.raw`causing|going on|it be)|what am i (?:doing wrong|missing)|where(?:'s| is) the (?:problem|bug|leak|`,
      String.raw`nondeterminism)|root cause|how is (?:this|that|any of this) possible|\bwarum\b|\bwieso\b|woran liegt|`,
      String.raw`por ?qu[eé]|d[oó]nde est[aá] el problema|为什么|为何|原因|なぜ|どうして`,
    ].join(''),
    'g',
  );

/** Symptoms that are intermittent, load-, platform- or build-dependent, or silently wrong. */
const SYMPTOM =
  new RegExp(
    [
      String.raw`\bsome ?times\b|\brandom(?:ly)?\b|\bintermittent|\boccasional(?:ly)?\b|\bflaky\b|\bonly (?:in|on|`,
      String.raw`under|with|when|after|for)\b|\bunder (?:load|concurren)|\bin prod(?:uction)?\b|\bhangs?\b|\bhanging\b|`,
      String.raw`\bfreez|\bdeadlock|\brace\b|\bleak|\boom|\bkeeps? growing|\bgrows?\b|\bcrash|\bdesync|\bjank|\bspikes?\b|`,
      String.raw`\btwice\b|\bgarbage\b|\bcorrupt|\bwrong (?:results?|totals?|numbers?)|\bbut not (?:others|always|`,
      String.raw`on)\b|\boff by\b|\bsome (?:users|customers|requests|days|rows|messages)\b|\bcan'?t repro|\bnever (?:happens|`,
      String.raw`printed|hits|finishes)|\btests? pass|\beven though\b|\bdespite\b|\bno (?:error|traceback|crash|hardfault)|`,
      String.raw`\bnothing in (?:the )?log|\bsilently\b|\bnondetermin|\bundefined behaviou?r|\bub\b|\bwatchdog|\bcollapses?\b|`,
      String.raw`\bmanchmal|\bselten\b|\bobwohl\b|\bh[äa]ngt\b|\babsturz|\ba veces\b|\ba tirones|\bse cuelga|\b[àa]s vezes|`,
      String.raw`\btrava\b|有时|偶尔|随机|死锁|泄漏|卡住|崩溃|不行|たまに|まれに|時々|ときどき|止ま|欠け|重複|フリーズ|リーク`,
    ].join(''),
    'g',
  );

/** Design, architecture, migration and planning asks. */
const DESIGN =
  new RegExp(
    [
      String.raw`\bdesign(?:ing)?\b|(?<!(?:arm64|x86|cpu) )\barchitecture\b(?!\.md)|\btrade-?offs?\b|\bmigrat(?:e|`,
      String.raw`ion|ing)\b|\bplan\b|\bstrategy\b|\bapproach\b|\bzero[- ]downtime|\bwithout (?:any )?downtime|\bat scale\b|`,
      String.raw`\bidempoten|\bexactly once\b|\bbackward[- ]compat|\bshould we\b|\bhow (?:would|should) (?:you|we|`,
      String.raw`i)\b|\blay out\b|\bstep by step\b|\bstructured?\b|\bentwurf|\barchitektur|\bumbauen|\bdiseñ|\bmigraci[oó]n|`,
      String.raw`\bplano\b|\bmigra[çc][ãa]o|\bpasso a passo|\bsem downtime|设计|架构|迁移|方案|設計|移行|方針`,
    ].join(''),
    'g',
  );

/** Review, security and correctness-under-concurrency asks. */
const REVIEW =
  new RegExp(
    [
      String.raw`\breview\b|\bsecur(?:e|ity)\b|\bvulnerab|\battacker|\bexploit|\baudit\b|\bthread[- ]safe|\bis (?:this|`,
      String.raw`it|that)\b[^.?!\n]{0,40}?\b(?:safe|ok|correct|right)\b|\block-?free\b|\blocking\b|\bsynchroniz|\bdouble-checked|`,
      String.raw`\bvolatile\b|\bhappens-before|\bmemory (?:order|model)|\batomics?\b|\bmutex|\banything wrong\b|\bcorrectness\b|`,
      String.raw`\bsafe if\b|\bin parallel\b|\bconcurren`,
    ].join(''),
    'g',
  );

/** Explicit constraints and requirement lists. */
const REQUIREMENT =
  new RegExp(
    [
      String.raw`\brequirements?\b|\bconstraints?\b|\bmust\b|\bneeds? to be\b|\bcan'?t (?:freeze|have|lock|change)|`,
      String.raw`\bnot allowed\b|\bno external\b|\bwithout (?:rewriting|changing|losing|unsafe)|\banforderung|\brequisitos?|`,
      String.raw`\bno podemos|\bnão podemos|不用|零分配|必须`,
    ].join(''),
    'g',
  );

/** Measurements: latencies, sizes, rates, percentiles, versions of runtimes under test. */
const NUMBER =
  new RegExp(
    [
      String.raw`\bp(?:50|90|95|99)\b|~\s?\d|\b\d+(?:[.,]\d+)?\s?(?:ms|s|sec|min|h|hours?|days?|gb|mb|gi|mi|k|m|x|`,
      String.raw`rps|qps|dau|steps?|users|instances|workers|cores|rows|tasks|events)\b|\b\d+(?:[.,]\d+)?\s?%`,
    ].join(''),
    'g',
  );

/** Phrasings of lookups and mechanical transforms (how do I…, convert…, rename…). */
const LOOKUP =
  new RegExp(
    [
      String.raw`^[¿¡]?(?:[\w+#.-]{1,12}:\s*)?(?:how (?:do|can|to|would) (?:i|you)?|how to\b|what(?:'?s| is) the (?:difference|`,
      String.raw`command|flag|syntax|equivalent)|whats the|convert|rename|format|sort|translate|turn this|write (?:a|`,
      String.raw`an|me a) (?:regex|docstring|commit|\.?gitignore|test|one-liner)|regex\b|make (?:this|the|a)\b|add (?:a|`,
      String.raw`an|\d+|type hints to these)\b|wie (?:l[öo]sche|mache|kann)|c[oó]mo\b|como\b)|\bquick one\b|\bnoob\b|`,
      String.raw`\bstill learning\b|\bone-liner\b|\bumbenennen|把|转成|書いて`,
    ].join(''),
  );


const TRACE_LINE =
  new RegExp(
    [
      String.raw`(?:^|\n)[ \t]*(?:at [\w.$<>/]+\s?\(|at [\w.$<>]+\.[\w$<>]+\(|File "[^"]+", line \d+|#\d+\s+0x[0-9a-f]+|`,
      String.raw`==\d+==|goroutine \d+ \[|\d+: 0x[0-9a-f]+|\s*\[GC|frame #\d+|thread '[^']+' panicked|Caused by:|`,
      String.raw`Traceback \(most recent)`,
    ].join(''),
    'i',
  );

/** A line that looks like code, a log or data rather than prose. */
function isCodeLine(line: string): boolean {
  const t = line.trim();
  if (t === '') return false;
  if (/^(?:[-*]|\d+[.)])\s+\p{L}/u.test(t) && !/[;{}]$/.test(t)) return false; // a bullet of prose
  if (/^\s{2,}|\t/.test(line)) return true;
  if ((t.match(/,\S/g) ?? []).length >= 3) return true; // CSV-like data
  if (/^[\w./\\-]+:\d+(?::\d+)?\b/.test(t)) return true; // compiler/linter output: path:line:col
  if (new RegExp(
    [
      String.raw`^(?:def|func|fn|class|import|from|const|let|var|return|if|for|while|public|private|#include|select|`,
      String.raw`insert|update|with|<\/?\w|[{}[\]|$#]|\/\/|--|\d{1,3}(?:\.\d{1,3}){3})`,
    ].join(''),
    'i',
  ).test(t)) return true;
  let symbols = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    // { } ( ) [ ] ; = < > | " , :
    if (c === 123 || c === 125 || c === 40 || c === 41 || c === 91 || c === 93 || c === 59 || c === 61 || c === 60 || c === 62 || c === 124 || c === 34) symbols++;
  }
  return symbols / t.length > 0.08;
}

function count(re: RegExp, text: string, cap: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < cap && re.exec(text)) n++;
  return n;
}

/** The natural-language part of a message: fenced blocks and code/data lines removed. */
export function proseOf(text: string): string {
  const unfenced = text.slice(0, MAX_SCAN).replace(/```[\s\S]*?(?:```|$)/g, '\n');
  const lines = unfenced.split('\n');
  let out = '';
  for (const line of lines) if (!isCodeLine(line)) out += line + '\n';
  return out;
}

/** Prose size in English-word equivalents (two CJK characters count as one word). */
export function proseWords(prose: string): number {
  let words = 0;
  let cjk = 0;
  let inWord = false;
  for (let i = 0; i < prose.length; i++) {
    const c = prose.charCodeAt(i);
    if (isCjk(c)) {
      cjk++;
      inWord = false;
    } else if (isWordChar(c)) {
      if (!inWord) words++;
      inWord = true;
    } else inWord = false;
  }
  return words + cjk / 2;
}

function isCjk(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af);
}

/** Letters and digits (ASCII, Latin-1 and beyond, outside CJK), plus word-joining _ ' -. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39 || c === 45 || c === 0x2019 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000) || (c > 0x2e7f && !isCjk(c) && c < 0xfe00);
}

function lastUser(messages: readonly ChatMessage[]): { text: string; index: number } {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return { text: messages[i].content, index: i };
  return { text: '', index: -1 };
}

/** Feature vector in FEATURES order. */
export function extractFeatures(input: ChatInput): number[] {
  const messages = input.messages ?? [];
  const attachments = input.attachments ?? [];
  const { text, index } = lastUser(messages);
  const prose = proseOf(text);
  const words = proseWords(prose);
  const hasPriorAnswer = messages.slice(0, Math.max(index, 0)).some((m) => m.role === 'assistant');

  let attachChars = 0;
  let trace = TRACE_LINE.test(text.slice(0, MAX_SCAN));
  for (const a of attachments) {
    attachChars += a.text.length;
    if (!trace) trace = TRACE_LINE.test(a.text.slice(0, MAX_ATTACHMENT_SCAN));
  }
  // Code pasted inline counts as context just like an attachment.
  const inlineCode = Math.max(0, text.length - prose.length);
  const low = prose.toLowerCase();
  const bullets = (prose.match(/^\s*(?:[-*]|\d+[.)])\s+\S/gmu) ?? []).length;

  return [
    Math.log1p(words),
    Math.min(count(WHY, low, 2), 2),
    Math.min(count(SYMPTOM, low, 4), 4),
    Math.min(count(DESIGN, low, 3), 3),
    Math.min(count(REVIEW, low, 2), 2),
    Math.min(count(REQUIREMENT, low, 3) + (bullets >= 3 ? 1 : 0), 3),
    Math.min(count(NUMBER, low, 4), 4),
    trace ? 1 : 0,
    Math.log1p((attachChars + inlineCode) / 1000),
    attachments.length >= 2 ? 1 : 0,
    LOOKUP.test(low.trimStart()) ? 1 : 0,
    hasPriorAnswer ? 1 : 0,
  ];
}
