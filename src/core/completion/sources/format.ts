import type { Snippet } from '../types';

/** The line that introduces a piece of context in a prompt: what it is and which file it is from. */
export function sourceHeading(s: Snippet): string {
  switch (s.kind) {
    case 'definition':
      return s.symbol ? `Definition of ${s.symbol} from ${s.path}:` : `Definition from ${s.path}:`;
    case 'typeDefinition':
      return s.symbol ? `Type of ${s.symbol} from ${s.path}:` : `Type definition from ${s.path}:`;
    case 'recentEdit':
      return `Recently edited in ${s.path}:`;
    case 'recentView':
      return `Recently viewed in ${s.path}:`;
    case 'importOutline':
      return `Outline of ${s.path} (imported):`;
    default:
      return `Compare this snippet from ${s.path}:`;
  }
}
