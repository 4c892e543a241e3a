/** VS Code language ids by file extension, for the code fences of @codebase chunks (unknown: none). */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact', js: 'javascript', mjs: 'javascript',
  cjs: 'javascript', jsx: 'javascriptreact', py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin',
  kts: 'kotlin', scala: 'scala', swift: 'swift', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp',
  cs: 'csharp', fs: 'fsharp', php: 'php', lua: 'lua', dart: 'dart', r: 'r', sh: 'shellscript', bash: 'shellscript',
  zsh: 'shellscript', ps1: 'powershell', sql: 'sql', html: 'html', htm: 'html', css: 'css', scss: 'scss', less: 'less',
  vue: 'vue', svelte: 'svelte', json: 'json', jsonc: 'jsonc', yaml: 'yaml', yml: 'yaml', toml: 'toml', xml: 'xml',
  md: 'markdown', markdown: 'markdown', tex: 'latex', ex: 'elixir', exs: 'elixir', erl: 'erlang', hs: 'haskell',
  ml: 'ocaml', clj: 'clojure', zig: 'zig', nim: 'nim', jl: 'julia', pl: 'perl', proto: 'proto', graphql: 'graphql',
  tf: 'terraform', dockerfile: 'dockerfile', makefile: 'makefile',
};

export function languageOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dockerfile' || name === 'makefile') return name;
  const dot = name.lastIndexOf('.');
  return dot >= 0 && Object.hasOwn(BY_EXTENSION, name.slice(dot + 1)) ? BY_EXTENSION[name.slice(dot + 1)] : undefined;
}
