import fc from 'fast-check';

/** Pieces that matter to a markdown block lexer: fences, containers, blank lines, tables, HTML, line endings. */
const MARKDOWN_PIECES = [
  '\n', '\n\n', '\n\n\n', '\r\n', '\r', ' ', '  ', '\t', '    ', '```', '````', '~~~', '```ts\n', '\n```\n', '> ', '>', '* ', '- ', '+ ',
  '1. ', '2) ', '#', '# ', '###### ', '---', '***', '___', '===', '`', '``', '*', '**', '_', '~~', '[a]', '(b)', '[a]: http://e.x\n', '<div>',
  '</div>', '<pre>', '<!--', '-->', '|a|b|\n|-|-|\n', '| 1 | 2 |\n', '\\', 'word', 'Word ', '\u00a0', 'é', '😀', '\uD83D', '\0',
];

/** Runs that nest deeply or go on long (the inputs that have stalled or overflowed parsers). */
const RUNS = ['>', '> ', '* ', '- ', '1. ', '  ', '\t', '*a ', '**a *b ', ' a*', '~~a ', '`', '```\n', '\n', '[', '](u)', '<div>'];

/** Arbitrary text shaped like (broken, hostile or ordinary) markdown, up to some tens of kilobytes. */
export const markdownish: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
      { weight: 8, arbitrary: fc.constantFrom(...MARKDOWN_PIECES) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...RUNS), fc.integer({ min: 2, max: 3000 })).map(([s, n]) => s.repeat(n)) },
    ),
    { maxLength: 60 },
  )
  .map((pieces) => pieces.join(''));
