import { posix } from 'node:path';
import type { OutlineSymbol } from '../languageFeatures';
import { headLines } from './text';

/** One import statement: what it names as the module, and the names it brings in (when it lists them). */
export interface ImportRef {
  specifier: string;
  names: string[];
}

const JS_LANGS = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte']);
const JS_IMPORT = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?([\s\S]*?)\s*from\s*['"]([^'"\n]+)['"]/g;
const JS_BARE = /(?:^|[\n;])\s*import\s*['"]([^'"\n]+)['"]/g;
const JS_REQUIRE = /(?:const|let|var)\s+([^=;]{1,200})=\s*require\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const PY_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([^)\n]+)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)/gm;
const RS_MOD = /^[ \t]*(?:pub(?:\([^)]*\))?[ \t]+)?mod[ \t]+(\w+)[ \t]*;/gm;
const RS_USE = /^[ \t]*(?:pub(?:\([^)]*\))?[ \t]+)?use[ \t]+((?:crate|self|super)(?:::\w+)+)(?:::\{([^}]*)\})?/gm;
const MAX_IMPORTS = 30;

/** Names an import clause binds: `{ a, b as c }`, `* as ns`, a default name; `type` modifiers dropped. */
function clauseNames(clause: string): string[] {
  return clause
    .replace(/[{}*]/g, ',')
    .split(',')
    .map((p) => p.trim().replace(/^type\s+/, ''))
    .map((p) =>
      p
        .split(/(?:^|\s+)as\s+/)
        .pop()!
        .trim(),
    )
    .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
}

/**
 * The imports of a file: TypeScript/JavaScript (`import … from`, `export … from`, `require`), Python
 * (`from x import y`, `import x`) and Rust (`mod x;`, `use crate::…`). Other languages: none (Go's imports name
 * packages, which are directories: nothing cheap to outline).
 */
export function parseImports(text: string, languageId: string): ImportRef[] {
  const out: ImportRef[] = [];
  const add = (specifier: string, names: string[]): void => {
    if (out.length < MAX_IMPORTS && !out.some((o) => o.specifier === specifier)) out.push({ specifier, names });
    else out.find((o) => o.specifier === specifier)?.names.push(...names);
  };
  if (JS_LANGS.has(languageId)) {
    for (const m of text.matchAll(JS_IMPORT)) add(m[2], clauseNames(m[1]));
    for (const m of text.matchAll(JS_BARE)) add(m[1], []);
    if (text.includes('require(')) for (const m of text.matchAll(JS_REQUIRE)) add(m[2], clauseNames(m[1]));
  } else if (languageId === 'python') {
    for (const m of text.matchAll(PY_FROM)) add(m[1], clauseNames(m[2]));
    for (const m of text.matchAll(PY_IMPORT)) for (const mod of m[1].split(',')) add(mod.trim(), []);
  } else if (languageId === 'rust') {
    for (const m of text.matchAll(RS_MOD)) add(`mod:${m[1]}`, []);
    for (const m of text.matchAll(RS_USE)) {
      const segs = m[1].split('::');
      add(m[1], m[2] ? clauseNames(m[2]) : [segs[segs.length - 1]]);
    }
  }
  return out;
}

const JS_EXTS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Workspace-relative paths an import may resolve to, most likely first. Only imports of the workspace's own files
 * (relative specifiers; Python and Rust module paths) resolve: packages are left to definitions.
 */
export function importCandidates(fromPath: string, ref: ImportRef, languageId: string): string[] {
  const dir = posix.dirname(fromPath.replace(/\\/g, '/'));
  const spec = ref.specifier;
  const rel = (p: string): string => posix.normalize(p).replace(/^\.\//, '');
  if (JS_LANGS.has(languageId)) {
    if (!spec.startsWith('.')) return [];
    const base = rel(posix.join(dir, spec));
    const ext = posix.extname(base);
    const stem = /^\.[mc]?jsx?$/.test(ext) ? base.slice(0, -ext.length) : undefined;
    const out: string[] = [];
    if (stem !== undefined) out.push(...['.ts', '.tsx', '.mts', '.cts', ext].map((e) => stem + e));
    else if (ext && ext !== '.d') out.push(base);
    out.push(...JS_EXTS.map((e) => base + e), ...JS_EXTS.map((e) => `${base}/index${e}`));
    return [...new Set(out)];
  }
  if (languageId === 'python') {
    const dots = /^\.*/.exec(spec)![0].length;
    const mod = spec.slice(dots).split('.').filter(Boolean).join('/');
    const roots = dots ? [posix.join(dir, ...Array<string>(dots - 1).fill('..'))] : ['', 'src', dir];
    return [
      ...new Set(
        roots.flatMap((r) => (mod ? [`${mod}.py`, `${mod}/__init__.py`] : ['__init__.py']).map((f) => rel(posix.join(r || '.', f)))),
      ),
    ];
  }
  if (languageId === 'rust') {
    if (spec.startsWith('mod:')) {
      const name = spec.slice(4);
      return [rel(posix.join(dir, `${name}.rs`)), rel(posix.join(dir, name, 'mod.rs'))];
    }
    const segs = spec.split('::');
    if (segs[0] !== 'crate') return [];
    // `crate::a::b::C`: the module is a prefix of the path; the longest one that is a file wins.
    const out: string[] = [];
    for (let k = segs.length; k >= 2; k--) {
      const m = segs.slice(1, k).join('/');
      out.push(`src/${m}.rs`, `src/${m}/mod.rs`);
    }
    return out;
  }
  return [];
}

const DECL_LINE = new RegExp(
  String.raw`^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:pub(?:\([^)]*\))?\s+)?` +
    String.raw`(?:function|class|interface|type|enum|const|let|var|def|fn|struct|trait|impl|func|namespace)\b`,
);

/**
 * A file's outline: each top-level symbol's first line (a class's members' first lines under it), the imported
 * names' first, cut at whole lines to `maxChars`. Without an outline from the language features, the lines that
 * look like top-level declarations.
 */
export function outlineOf(text: string, symbols: readonly OutlineSymbol[], names: readonly string[], maxChars: number): string {
  const lines = text.split('\n');
  const entries: { line: number; text: string; named: boolean }[] = [];
  const wanted = new Set(names);
  if (symbols.length) {
    const top = [...symbols].sort((a, b) => a.range.start.line - b.range.start.line);
    for (const s of top) {
      const l = s.range.start.line;
      if (l < 0 || l >= lines.length) continue;
      const block = [lines[l]];
      for (const c of [...(s.children ?? [])].sort((a, b) => a.range.start.line - b.range.start.line)) {
        const cl = c.range.start.line;
        if (cl > l && cl < lines.length && /^(Method|Property|Field|Constructor|EnumMember|Function)$/.test(c.kind)) block.push(lines[cl]);
      }
      entries.push({ line: l, text: block.join('\n'), named: wanted.has(s.name) });
    }
  } else {
    lines.forEach((t, l) => {
      if (DECL_LINE.test(t) && !/^\s/.test(t)) entries.push({ line: l, text: t, named: names.some((n) => t.includes(n)) });
    });
  }
  const ordered = [...entries.filter((e) => e.named), ...entries.filter((e) => !e.named)];
  return headLines(ordered.map((e) => e.text.replace(/\s+$/, '')).join('\n'), maxChars).text;
}
