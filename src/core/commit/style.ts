/**
 * The commit style of a repository, read from its recent commit messages: Conventional Commits (`feat(x): …`),
 * capitalisation, imperative mood, typical subject length, trailing period, bodies. Given to the model as rules and
 * examples, so a message written for this repository reads like the ones already there.
 */

export interface CommitStyle {
  /** How many recent messages it was read from (merges, reverts and fixups skipped). */
  sample: number;
  /** Most subjects are `type(scope)?: description`. */
  conventional: boolean;
  /** The types used, most frequent first (conventional only). */
  types: string[];
  /** Most conventional subjects carry a scope. */
  scopes: boolean;
  /** The description (after any `type(scope): `) starts with a capital letter. */
  capitalized: boolean;
  /** Subjects start with a verb in the imperative ("Add", not "Added" or "Adds"). */
  imperative: boolean;
  /** The median subject length in characters. */
  typicalLength: number;
  trailingPeriod: boolean;
  /** Most messages have a body after the subject. */
  bodies: boolean;
  /** Recent subjects to show the model, newest first. */
  examples: string[];
}

const CONVENTIONAL = /^([a-z][a-z0-9-]*)(\(([^()\n]*)\))?!?: \S/;
/** Messages git or a tool wrote, not the team: they say nothing of its style. */
const GENERATED = /^(Merge (branch|pull request|remote-tracking branch|tag|commit)|Revert "|fixup! |squash! |amend! |Initial commit$)/i;
/** Words ending like a past tense or a third person that are imperatives (or not verbs) all the same. */
const NOT_PAST = new Set(['need', 'embed', 'speed', 'feed', 'seed', 'proceed', 'shred', 'bed', 'red', 'exceed', 'succeed', 'bleed']);
const NOT_THIRD = new Set([
  'process',
  'pass',
  'address',
  'access',
  'bless',
  'bypass',
  'compress',
  'express',
  'focus',
  'alias',
  'bus',
  'status',
  'redis',
  'cors',
  'css',
  'dns',
  'js',
  'ts',
  'tls',
  'https',
  'docs',
  'this',
  'its',
  'has',
  'was',
  'is',
  'as',
  'us',
  'yes',
  'less',
  'unless',
  'misc',
  'always',
  'perhaps',
]);
const NOT_GERUND = new Set([
  'bring',
  'string',
  'ping',
  'ring',
  'sing',
  'thing',
  'spring',
  'king',
  'swing',
  'wing',
  'sting',
  'cling',
  'fling',
  'nothing',
  'something',
  'everything',
  'anything',
]);

const DEFAULT_LENGTH = 50;
const EXAMPLES = 10;

/** The description of a subject: after `type(scope): ` when it has one. */
function descriptionOf(subject: string): string {
  const m = CONVENTIONAL.exec(subject);
  return m ? subject.slice(m[0].length - 1) : subject;
}

/** False when the subject's first word reads as past tense, third person or a gerund ("Added", "Adds", "Adding"). */
export function isImperative(subject: string): boolean {
  const word = (/^[A-Za-z]+/.exec(descriptionOf(subject).trim())?.[0] ?? '').toLowerCase();
  if (word.length < 3) return true;
  if (word.endsWith('ed') && !NOT_PAST.has(word)) return false;
  if (word.endsWith('ing') && !NOT_GERUND.has(word)) return false;
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is') && !NOT_THIRD.has(word)) return false;
  return true;
}

const share = <T>(items: readonly T[], pred: (t: T) => boolean): number =>
  items.length === 0 ? 0 : items.filter(pred).length / items.length;

function median(values: number[]): number {
  if (values.length === 0) return DEFAULT_LENGTH;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

/** Reads the style of `messages` (full commit messages, newest first). With none, the common git conventions. */
export function detectStyle(messages: readonly string[]): CommitStyle {
  const parsed = messages
    .map((m) => String(m ?? '').replace(/\r\n?/g, '\n'))
    .map((m) => {
      const lines = m.split('\n');
      const subject = (lines[0] ?? '').trim();
      return { subject, body: lines.slice(1).some((l) => l.trim() !== '') };
    })
    .filter((m) => m.subject !== '' && !GENERATED.test(m.subject));
  const subjects = parsed.map((m) => m.subject);
  if (subjects.length === 0) {
    return {
      sample: 0,
      conventional: false,
      types: [],
      scopes: false,
      capitalized: true,
      imperative: true,
      typicalLength: DEFAULT_LENGTH,
      trailingPeriod: false,
      bodies: false,
      examples: [],
    };
  }
  const conventional = share(subjects, (s) => CONVENTIONAL.test(s)) >= 0.6;
  const conv = subjects.map((s) => CONVENTIONAL.exec(s)).filter((m): m is RegExpExecArray => m !== null);
  const counts = new Map<string, number>();
  for (const m of conv) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  const types = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  const lettered = subjects.map((s) => descriptionOf(s).trim()).filter((d) => /^[\p{L}]/u.test(d));
  return {
    sample: subjects.length,
    conventional,
    types: conventional ? types : [],
    scopes: conventional && share(conv, (m) => m[2] !== undefined) >= 0.5,
    capitalized: lettered.length === 0 ? !conventional : share(lettered, (d) => d[0] !== d[0].toLowerCase()) >= 0.5,
    imperative: share(subjects, isImperative) >= 0.5,
    typicalLength: median(subjects.map((s) => [...s].length)),
    trailingPeriod: share(subjects, (s) => s.endsWith('.')) >= 0.5,
    bodies: share(parsed, (m) => m.body) >= 0.5,
    examples: subjects.slice(0, EXAMPLES),
  };
}

/** The style as rules for the model, one sentence each. */
export function styleRules(style: CommitStyle): string[] {
  const rules: string[] = [];
  if (style.conventional) {
    const types = style.types.length ? ` (this repository uses: ${style.types.slice(0, 8).join(', ')})` : '';
    rules.push(`Use Conventional Commits: "type${style.scopes ? '(scope)' : ''}: description"${types}.`);
  }
  rules.push(
    style.capitalized
      ? `Start the ${style.conventional ? 'description' : 'subject'} with a capital letter.`
      : `Start the ${style.conventional ? 'description' : 'subject'} with a lower-case letter.`,
  );
  rules.push(
    style.imperative
      ? 'Write the subject in the imperative mood ("Add", "Fix", not "Added" or "Adds").'
      : 'Follow the tense of the example subjects.',
  );
  const limit = Math.min(72, Math.max(50, style.typicalLength + 10));
  rules.push(`Keep the subject about ${Math.min(style.typicalLength, limit)} characters long, never over ${limit}.`);
  rules.push(style.trailingPeriod ? 'End the subject with a period.' : 'Do not end the subject with a period.');
  rules.push(
    style.bodies
      ? 'After a blank line, add a short body saying what changed and why, wrapped at 72 columns.'
      : 'Add a body (after a blank line, wrapped at 72 columns) only when the change needs explaining.',
  );
  return rules;
}
