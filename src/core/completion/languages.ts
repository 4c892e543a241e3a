/** Line-comment markers by VS Code language id, used to put file paths and snippets into plain-text prompts. */
const HASH = [
  'python',
  'shellscript',
  'ruby',
  'perl',
  'r',
  'yaml',
  'toml',
  'dockerfile',
  'makefile',
  'powershell',
  'elixir',
  'julia',
  'coffeescript',
  'nim',
  'cmake',
  'graphql',
  'properties',
  'ini',
];
const DASH = ['sql', 'lua', 'haskell', 'elm', 'purescript', 'ada', 'vhdl'];
const PERCENT = ['latex', 'tex', 'matlab', 'erlang', 'prolog'];
const SEMI = ['clojure', 'scheme', 'lisp', 'racket'];
const NONE = ['plaintext', 'markdown', 'json', 'html', 'xml', 'css', 'svg'];

const MARKERS = new Map<string, string | undefined>([
  ...HASH.map((l) => [l, '#'] as const),
  ...DASH.map((l) => [l, '--'] as const),
  ...PERCENT.map((l) => [l, '%'] as const),
  ...SEMI.map((l) => [l, ';'] as const),
  ...NONE.map((l) => [l, undefined] as const),
]);

/** The language's line-comment marker ('//' for the C family and anything unknown); undefined when it has none. */
export function lineComment(languageId: string): string | undefined {
  return MARKERS.has(languageId) ? MARKERS.get(languageId) : '//';
}

/** Each line prefixed with the comment marker, or undefined when the language has no line comments. */
export function commentOut(text: string, languageId: string): string | undefined {
  const c = lineComment(languageId);
  if (!c) return undefined;
  return text
    .split('\n')
    .map((l) => (l ? `${c} ${l}` : c))
    .join('\n');
}
