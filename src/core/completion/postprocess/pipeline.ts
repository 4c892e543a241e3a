import { cutArtefacts } from './artefacts';
import { matchBlocks } from './brackets';
import type { Draft, Filter, FilterContext } from './filter';
import { toEditorIndent } from './editorIndent';
import { reindent } from './indentation';
import { dropLeadingSpace } from './leadingSpace';
import { limitLines } from './lineLimit';
import { cutLineEndRepetition } from './lineRepetition';
import { dropMarkup } from './markup';
import { cutLineSuffixOverlap } from './lineSuffix';
import { fitMidWord } from './midWord';
import { normaliseNewlines } from './newlines';
import { dropPrefixRepeat } from './prefixRepeat';
import { dropRepeats } from './repetition';
import { limitScope } from './scope';
import { cutSuffixLines } from './suffixLines';

/**
 * The filters, in order. Each is a pure Draft → Draft step (one per file); a draft whose text is blank ends the
 * run (nothing is shown). A filter that finds `replacesLineSuffix` set leaves the draft as it is unless it is
 * about the line suffix itself.
 */
export const PIPELINE: readonly Filter[] = [
  cutArtefacts,
  normaliseNewlines,
  dropMarkup, // first after newlines: fences, tags and headers are not code, no later filter should see them
  reindent,
  // After reindent (which re-bases chat answers on the cursor line) and before every filter that compares lines
  // with the document's (repeats, the suffix's lines): those compare like with like once both use the editor's unit.
  toEditorIndent,
  limitScope,
  dropLeadingSpace,
  fitMidWord, // after limitScope: it reads the end of the line shown
  cutLineEndRepetition, // before the bracket and repeat filters: a looping line is cut first, whatever it holds
  matchBlocks,
  dropRepeats,
  limitLines,
  cutSuffixLines,
  cutLineSuffixOverlap,
  dropPrefixRepeat,
];

const NOTHING: Draft = { text: '', replacesLineSuffix: false };

/** Runs `filters` over `raw`; '' as soon as nothing worth showing is left. */
export function runPipeline(raw: string, ctx: FilterContext, filters: readonly Filter[] = PIPELINE): Draft {
  let draft: Draft = { text: raw, replacesLineSuffix: false };
  for (const filter of filters) {
    if (!draft.text.trim()) return NOTHING;
    draft = filter(draft, ctx);
  }
  return draft.text.trim() ? draft : NOTHING;
}
