/**
 * Rules kept in the repository: `AGENTS.md` at the root of each workspace folder and `.github/copilot-instructions.md`
 * when present. They are read through an injected reader (plain Node: the editor reads through VS Code's file system,
 * tests through a map), checked against the exclusions before a byte is read, capped in size, and redacted of
 * secret-looking values; then they go into the system prompt of chat and agent requests after gearshift.instructions
 * (the user's own, user-level text). In Restricted Mode no rules file is read at all.
 */
import * as nodePath from 'node:path';
import type { Instruction } from '../gateway/prompt';
import { isExcluded } from '../privacy/exclude';
import { redactSecrets } from '../privacy/redact';
import { countTokens } from '../tokens';
import type { RuleFile, RulesChip, RulesSnapshot } from './types';

export type { RuleFile, RulesChip, RulesSnapshot } from './types';

/** The rules files looked for in each workspace folder, in the order they are added to the prompt. */
export const RULES_FILES: readonly string[] = ['AGENTS.md', '.github/copilot-instructions.md'];

/** Largest rules file read, in characters (~8k tokens): a larger one is refused with a message naming it. */
export const MAX_RULES_CHARS = 32_000;

/** Largest gearshift.instructions text, in characters. */
export const MAX_USER_INSTRUCTIONS_CHARS = 8_000;

/** What the prompt heading and the chip call the user's own instructions. */
export const USER_INSTRUCTIONS_LABEL = 'gearshift.instructions (your user settings)';

export interface RulesReader {
  /** The file's size in bytes, or undefined when there is no such file. */
  size(absPath: string): Promise<number | undefined>;
  /** The file's text (UTF-8). Rejects when it cannot be read. */
  read(absPath: string): Promise<string>;
}

export interface RulesFolder {
  /** Absolute path of the workspace folder. */
  root: string;
  /** Its name, shown before the path in a multi-root workspace. */
  name: string;
}

export interface LoadRulesOptions {
  folders: readonly RulesFolder[];
  reader: RulesReader;
  /** The gearshift.exclude globs in force for a folder (its own in a multi-root workspace). */
  exclude(folder: RulesFolder): readonly string[];
  /** False in Restricted Mode: nothing is read. */
  trusted: boolean;
  maxChars?: number;
}

export const UNTRUSTED_RULES =
  'Rules files (AGENTS.md, .github/copilot-instructions.md) are not read in Restricted Mode: trust the workspace to use them. ' +
  'Your gearshift.instructions still apply.';

/** Finds and reads the rules files of every folder. Never rejects: a file that cannot be used is listed with why. */
export async function loadRules(opts: LoadRulesOptions): Promise<RulesSnapshot> {
  if (!opts.trusted) return { files: [], untrusted: UNTRUSTED_RULES };
  const max = opts.maxChars ?? MAX_RULES_CHARS;
  const multiRoot = opts.folders.length > 1;
  const files: RuleFile[] = [];
  for (const folder of opts.folders) {
    for (const rel of RULES_FILES) {
      const path = multiRoot ? `${folder.name}/${rel}` : rel;
      const abs = nodePath.join(folder.root, ...rel.split('/'));
      const file = await readOne(opts, folder, abs, path, max);
      if (file) files.push(file);
    }
  }
  return { files };
}

async function readOne(opts: LoadRulesOptions, folder: RulesFolder, abs: string, path: string, max: number): Promise<RuleFile | undefined> {
  const refuse = (why: string): RuleFile => ({ path, tokens: 0, redactions: 0, refused: `${path} ${why}` });
  let size: number | undefined;
  try {
    size = await opts.reader.size(abs);
  } catch {
    size = undefined;
  }
  if (size === undefined) return undefined;
  // Checked before a byte is read: an excluded rules file never leaves the disk.
  if (isExcluded(abs, opts.exclude(folder), folder.root)) {
    return refuse(
      'is excluded (a secret-file pattern or gearshift.exclude), so it is not read or sent. Remove it from gearshift.exclude to use it.',
    );
  }
  const tooLarge = (chars: string): RuleFile =>
    refuse(`is too large for a rules file (${chars}; the limit is ${max / 1000}k characters), so it is not used. Shorten it.`);
  // UTF-8 takes at most 4 bytes a character: a file this large cannot fit, and is not read.
  if (size > max * 4) return tooLarge(`${Math.round(size / 1000)} kB`);
  let raw: string;
  try {
    raw = await opts.reader.read(abs);
  } catch (err) {
    return refuse(`could not be read (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (raw.length > max) return tooLarge(`${Math.round(raw.length / 1000)}k characters`);
  if (!raw.trim()) return undefined;
  const { text, count } = redactSecrets(raw);
  return { path, text, tokens: countTokens(text), redactions: count };
}

/**
 * gearshift.instructions (user level) and the rules files not turned off in this conversation, as the system prompt
 * receives them (ChatSendRequest.instructions): the user's text first, then each file headed by its path.
 */
export function instructionsFor(userText: string, rules: RulesSnapshot | undefined, rulesOff: readonly string[] = []): Instruction[] {
  const out: Instruction[] = [];
  const user = userText.trim();
  if (user) out.push({ label: USER_INSTRUCTIONS_LABEL, text: redactSecrets(user.slice(0, MAX_USER_INSTRUCTIONS_CHARS)).text });
  for (const f of rules?.files ?? []) {
    if (f.text !== undefined && !rulesOff.includes(f.path)) out.push({ label: f.path, text: f.text });
  }
  return out;
}

export function rulesChips(rules: RulesSnapshot | undefined, rulesOff: readonly string[] = []): RulesChip[] {
  return (rules?.files ?? []).map((f) => {
    const chip: RulesChip = {
      path: f.path,
      tokens: f.tokens,
      on: f.refused === undefined && !rulesOff.includes(f.path),
      redactions: f.redactions,
    };
    if (f.refused) chip.refused = f.refused;
    return chip;
  });
}
