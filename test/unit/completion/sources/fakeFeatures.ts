import type { CodeLocation, CodePosition, LanguageFeatures, OutlineSymbol } from '../../../../src/core/completion/languageFeatures';

const DECL = /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(function|class|interface|type|const|let|enum)\s+([A-Za-z_$][\w$]*)/;

/** Line of the `}` closing the block opened on `start` (or `start` for a one-line declaration). */
function blockEnd(lines: string[], start: number): number {
  let depth = 0;
  let opened = false;
  for (let l = start; l < lines.length; l++) {
    for (const ch of lines[l]) {
      if (ch === '{') {
        depth++;
        opened = true;
      } else if (ch === '}') depth--;
    }
    if (opened && depth <= 0) return l;
    if (!opened && /;\s*$/.test(lines[l])) return l;
  }
  return lines.length - 1;
}

/** Top-level declarations (and a class's or interface's members) of a TypeScript-like file. */
export function outline(text: string): OutlineSymbol[] {
  const lines = text.split('\n');
  const out: OutlineSymbol[] = [];
  for (let l = 0; l < lines.length; l++) {
    const m = DECL.exec(lines[l]);
    if (!m) continue;
    const end = blockEnd(lines, l);
    const children: OutlineSymbol[] = [];
    if (m[1] === 'class' || m[1] === 'interface')
      for (let c = l + 1; c < end; c++) {
        const mm = /^\s{2}(?:readonly\s+|private\s+|public\s+|static\s+)*([A-Za-z_$][\w$]*)\s*[(:<?]/.exec(lines[c]);
        if (mm)
          children.push({
            name: mm[1],
            kind: 'Method',
            range: { start: { line: c, character: 2 }, end: { line: blockEnd(lines, c), character: 0 } },
          });
      }
    const kind = {
      function: 'Function',
      class: 'Class',
      interface: 'Interface',
      type: 'TypeParameter',
      const: 'Constant',
      let: 'Variable',
      enum: 'Enum',
    }[m[1]]!;
    out.push({ name: m[2], kind, range: { start: { line: l, character: 0 }, end: { line: end, character: lines[end].length } }, children });
    l = end;
  }
  return out;
}

function wordAt(text: string, at: CodePosition): string | undefined {
  const line = text.split('\n')[at.line] ?? '';
  const re = /[A-Za-z_$][\w$]*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) if (at.character >= m.index && at.character <= m.index + m[0].length) return m[0];
  return undefined;
}

export interface FakeOptions {
  /** Every answer waits this long (ms) on a real timer. */
  delayMs?: number;
  /** No call ever answers (nor rejects). */
  never?: boolean;
  /** Every call throws synchronously ('sync') or rejects ('async'). */
  throws?: 'sync' | 'async';
}

/**
 * A deterministic symbol index over a few files: a definition is the first `function|class|interface|type|const|
 * let|enum NAME` of any file; a type definition follows `name: Type` or `name = new Type(` in the asking file.
 * Counts every call and records the paths read, and the signals it was handed.
 */
export class IndexFeatures implements LanguageFeatures {
  readonly calls = { definitions: 0, typeDefinitions: 0, documentSymbols: 0, readText: 0 };
  readonly read: string[] = [];
  readonly signals: AbortSignal[] = [];

  constructor(
    readonly files: Record<string, string>,
    private readonly opts: FakeOptions = {},
  ) {}

  definitions(path: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]> {
    this.calls.definitions++;
    return this.answer(signal, () => {
      const name = wordAt(this.files[path] ?? '', at);
      return name ? this.declarationOf(name) : [];
    });
  }

  typeDefinitions(path: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]> {
    this.calls.typeDefinitions++;
    return this.answer(signal, () => {
      const text = this.files[path] ?? '';
      const name = wordAt(text, at);
      const m = name && new RegExp(`\\b${name}\\s*(?::\\s*|=\\s*new\\s+)([A-Z][\\w$]*)`).exec(text);
      return m ? this.declarationOf(m[1]) : [];
    });
  }

  documentSymbols(path: string, signal: AbortSignal): Promise<OutlineSymbol[]> {
    this.calls.documentSymbols++;
    return this.answer(signal, () => outline(this.files[path] ?? ''));
  }

  readText(path: string, signal: AbortSignal): Promise<string | undefined> {
    this.calls.readText++;
    this.read.push(path);
    return this.answer(signal, () => this.files[path]);
  }

  private declarationOf(name: string): CodeLocation[] {
    for (const [path, text] of Object.entries(this.files)) {
      const lines = text.split('\n');
      for (let l = 0; l < lines.length; l++) {
        const m = DECL.exec(lines[l]);
        if (m && m[2] === name) {
          const c = lines[l].indexOf(name, m[0].length - name.length);
          return [{ path, range: { start: { line: l, character: c }, end: { line: l, character: c + name.length } } }];
        }
      }
    }
    return [];
  }

  private answer<T>(signal: AbortSignal, f: () => T): Promise<T> {
    this.signals.push(signal);
    if (this.opts.throws === 'sync') throw new Error('language server crashed');
    if (this.opts.throws === 'async') return Promise.reject(new Error('language server crashed'));
    if (this.opts.never) return new Promise<T>(() => undefined);
    if (this.opts.delayMs) return new Promise((resolve) => setTimeout(() => resolve(f()), this.opts.delayMs));
    return Promise.resolve(f());
  }
}
