/** Pure helpers behind the code-block actions (Apply, Save). */

/**
 * The text of a document after replacing [start, end) (character offsets) by a code block. Replacing the
 * whole document keeps its final newline convention: a code block usually lacks the trailing newline.
 */
export function proposeReplacement(original: string, start: number, end: number, code: string): string {
  const whole = start === 0 && end === original.length;
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  let replacement = code;
  if (eol === '\r\n') replacement = replacement.replace(/\r?\n/g, '\r\n');
  if (whole && original.endsWith(eol) && !replacement.endsWith(eol)) replacement += eol;
  return original.slice(0, start) + replacement + original.slice(end);
}

/** Fence language → file extension. A Map, so a language word is never looked up on Object.prototype (`constructor`). */
const EXTENSIONS = new Map<string, string>(Object.entries({
  typescript: 'ts', ts: 'ts', tsx: 'tsx', javascript: 'js', js: 'js', jsx: 'jsx', python: 'py', py: 'py', json: 'json',
  bash: 'sh', sh: 'sh', shell: 'sh', zsh: 'sh', css: 'css', scss: 'scss', html: 'html', xml: 'xml', go: 'go', rust: 'rs', rs: 'rs',
  java: 'java', c: 'c', cpp: 'cpp', 'c++': 'cpp', csharp: 'cs', cs: 'cs', kotlin: 'kt', swift: 'swift', ruby: 'rb', rb: 'rb',
  php: 'php', sql: 'sql', yaml: 'yaml', yml: 'yml', markdown: 'md', md: 'md', diff: 'diff', toml: 'toml', dockerfile: 'Dockerfile',
}));

/** A default file name for "Save as new file": snippet.<ext> from the fence language, snippet.txt otherwise. */
export function snippetFileName(language: string | undefined): string {
  const ext = EXTENSIONS.get((language ?? '').toLowerCase());
  if (ext === 'Dockerfile') return 'Dockerfile';
  return `snippet.${ext ?? 'txt'}`;
}

/** The link to open in the browser, or undefined: only http(s) URLs leave the chat. */
export function externalLink(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
}
