import type { ContextReport, ReportedItem, SourceKind } from './types';

const LABELS: Record<SourceKind, string> = {
  definition: 'definition',
  typeDefinition: 'type definition',
  importOutline: 'imported outline',
  recentEdit: 'recent edit',
  recentView: 'recently viewed',
  similar: 'similar snippet',
};

function line(it: ReportedItem): string {
  return `  ${LABELS[it.kind]}${it.symbol ? ` of ${it.symbol}` : ''}: ${it.path} (${it.tokens} tokens)`;
}

/** The context part of Explain: which sources went into the last completion, with their token counts. */
export function explainContext(r: ContextReport | undefined): string {
  if (!r) return 'No completion context has been built in this window yet.';
  const sourceTokens = r.used.reduce((n, it) => n + it.tokens, 0);
  const lines = [
    `Completion context for ${r.path} (${r.languageId}): prefix ${r.prefixTokens} tokens, suffix ${r.suffixTokens} tokens, ` +
      `sources ${sourceTokens} tokens`,
    `Sources gathered in ${Math.round(r.buildMs)} ms (deadline ${r.deadlineMs} ms; ${r.lookups} lookups, ${r.cacheHits} from cache` +
      `${r.pending ? `, ${r.pending} still pending at the deadline` : ''})`,
  ];
  if (r.used.length) lines.push('Used:', ...r.used.map(line));
  else lines.push('Used: no sources besides the file itself');
  if (r.dropped.length) lines.push('Left out for the token budget:', ...r.dropped.map(line));
  for (const e of r.errors) lines.push(`Source error: ${e}`);
  return lines.join('\n');
}
