/**
 * A deterministic symbol index over a set of TypeScript files, implementing the product's LanguageFeatures: what
 * VS Code's TypeScript service answers in the extension, answered here from the TypeScript compiler's parser alone
 * (no type checker, no program), so the bench and unit tests run in plain Node in milliseconds.
 *
 * What it resolves, as the TypeScript service does for code like the fixture's:
 * - a name through the scopes around it (parameters, locals, type parameters, the file's declarations), through
 *   imports (named, default, namespace) and re-exports (`export { a as b } from`, `export *`) to the declaring file;
 * - `x.member`, `this.member` and `Ns.Type` through classes (and their `extends`), interfaces, enums, namespaces,
 *   and variables or parameters whose declared type names one of those;
 * - a call's callee to the implementation of an overloaded function (all declarations otherwise).
 * Ranges follow VS Code's adapter (src/vscode/completion/languageFeatures.ts, a LocationLink's targetSelectionRange):
 * a definition's range is the declared name's; `declarationSpansSync` gives the whole declaration (the link's
 * targetRange: a variable's statement, `export` included, the JSDoc before it excluded), whose first line is the
 * declaration line. Outline ranges span the whole declaration. Only relative module specifiers are resolved
 * (`.ts`, `/index.ts`, `.d.ts`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { CodeLocation, CodePosition, CodeRange, LanguageFeatures, OutlineSymbol } from '../../src/core/completion/languageFeatures';

interface ImportBinding {
  module: string;
  /** The exported name, 'default', or '*' for a namespace import. */
  name: string;
}

/** An export: a local name, or a name taken from another module. */
type ExportBinding = { local: string } | { from: string; name: string };

interface FileInfo {
  path: string;
  text: string;
  sf: ts.SourceFile;
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportBinding>;
  starExports: string[];
  /** The top level's declarations by name (several for overloads and merging). */
  top: Map<string, ts.Node[]>;
}

/** A declaration found by resolution, and the file it lives in. */
interface Found {
  file: FileInfo;
  decl: ts.Node;
}

const MAX_HOPS = 12;

function nameText(name: ts.Node | undefined): string | undefined {
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
}

function declName(node: ts.Node): string | undefined {
  return nameText((node as ts.Node & { name?: ts.Node }).name);
}

/** Names bound by a binding name (destructuring included). */
function boundNames(name: ts.BindingName, out: Map<string, ts.Node>, decl: ts.Node): void {
  if (ts.isIdentifier(name)) {
    out.set(name.text, decl);
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) boundNames(el.name, out, decl);
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function isFunctionLikeWithBody(n: ts.Node): boolean {
  return ts.isFunctionLike(n) && 'body' in n && !!(n as { body?: ts.Node }).body;
}

/** Declarations a statement list binds, by name (several for overloads and declaration merging). */
function statementDecls(statements: readonly ts.Statement[], out: Map<string, ts.Node[]>): void {
  const add = (name: string | undefined, node: ts.Node) => {
    if (!name) return;
    const list = out.get(name);
    if (list) list.push(node);
    else out.set(name, [node]);
  };
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const names = new Map<string, ts.Node>();
        boundNames(d.name, names, d);
        for (const [n, node] of names) add(n, node);
      }
    } else if (
      ts.isFunctionDeclaration(s) ||
      ts.isClassDeclaration(s) ||
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isEnumDeclaration(s) ||
      ts.isModuleDeclaration(s)
    ) {
      add(declName(s), s);
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) add(c.name.text, c);
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) add(nb.name.text, nb);
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) add(el.name.text, el);
    } else if (ts.isImportEqualsDeclaration(s)) {
      add(s.name.text, s);
    }
  }
}

/** The range a definition reports: the declaration, a variable's whole statement, without the JSDoc before it. */
function declarationSpan(decl: ts.Node): ts.Node {
  if (ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) && ts.isVariableStatement(decl.parent.parent)) {
    return decl.parent.parent.declarationList.declarations.length === 1 ? decl.parent.parent : decl;
  }
  if (ts.isBindingElement(decl)) return declarationSpan(decl.parent.parent);
  return decl;
}

/** The node a definition's range covers: the declared name (the declaration itself when it has none). */
function nameNode(decl: ts.Node): ts.Node {
  const name = (decl as ts.Node & { name?: ts.Node }).name;
  return name && !ts.isSourceFile(decl) ? name : decl;
}

/** VS Code's SymbolKind names as the TypeScript extension maps them for the outline. */
function outlineKind(n: ts.Node): string | undefined {
  if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return 'Class';
  if (ts.isInterfaceDeclaration(n)) return 'Interface';
  if (ts.isEnumDeclaration(n)) return 'Enum';
  if (ts.isEnumMember(n)) return 'EnumMember';
  if (ts.isModuleDeclaration(n)) return 'Module';
  if (ts.isFunctionDeclaration(n)) return 'Function';
  if (ts.isMethodDeclaration(n) || ts.isMethodSignature(n)) return 'Method';
  if (ts.isConstructorDeclaration(n) || ts.isConstructSignatureDeclaration(n)) return 'Constructor';
  if (ts.isPropertyDeclaration(n) || ts.isPropertySignature(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)) return 'Property';
  if (ts.isVariableDeclaration(n) || ts.isTypeAliasDeclaration(n)) return 'Variable';
  return undefined;
}

export interface SymbolIndexOptions {
  /** Each answer arrives this many ms late (a language server's round trip); 0 (default) answers in a microtask. */
  latencyMs?: number;
}

export class SymbolIndex implements LanguageFeatures {
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, FileInfo>();
  /** Calls answered, by method (to check caching and deadlines from outside). */
  readonly calls = { definitions: 0, typeDefinitions: 0, documentSymbols: 0, readText: 0 };

  /** `files`: path (relative, '/'-separated) → text. */
  constructor(
    files: Record<string, string> | Map<string, string>,
    private readonly opts: SymbolIndexOptions = {},
  ) {
    for (const [p, t] of files instanceof Map ? files : Object.entries(files)) this.texts.set(p, t);
  }

  /** Every .ts file under `root/under`, with paths relative to `root` ('src/internal/Observable.ts'). */
  static fromDirectory(root: string, under = '.', opts: SymbolIndexOptions = {}): SymbolIndex {
    const files = new Map<string, string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const rel = dir === '.' ? e.name : `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (e.isFile() && e.name.endsWith('.ts')) files.set(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
      }
    };
    walk(under);
    return new SymbolIndex(files, opts);
  }

  /** The same index (files, edits) answering every call `latencyMs` late. */
  withLatency(latencyMs: number): SymbolIndex {
    const slow = Object.create(this) as SymbolIndex;
    Object.defineProperty(slow, 'opts', { value: { ...this.opts, latencyMs } });
    return slow;
  }

  /** The indexed paths, sorted. */
  paths(): string[] {
    return [...this.texts.keys()].sort();
  }

  text(p: string): string | undefined {
    return this.texts.get(p);
  }

  /** The open document's text changed (as the editor tells its language server): later answers see `text`. */
  setText(p: string, text: string): void {
    this.texts.set(p, text);
    this.parsed.delete(p);
  }

  // ---- LanguageFeatures ----

  definitions(p: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]> {
    return this.answer(signal, 'definitions', () => this.definitionsSync(p, at));
  }

  typeDefinitions(p: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]> {
    return this.answer(signal, 'typeDefinitions', () => this.typeDefinitionsSync(p, at));
  }

  documentSymbols(p: string, signal: AbortSignal): Promise<OutlineSymbol[]> {
    return this.answer(signal, 'documentSymbols', () => this.documentSymbolsSync(p));
  }

  readText(p: string, signal: AbortSignal): Promise<string | undefined> {
    return this.answer(signal, 'readText', () => this.texts.get(p));
  }

  private answer<T>(signal: AbortSignal, method: keyof SymbolIndex['calls'], compute: () => T): Promise<T> {
    this.calls[method]++;
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const run = () => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return reject(signal.reason);
        try {
          resolve(compute());
        } catch (err) {
          reject(err);
        }
      };
      const timer = this.opts.latencyMs ? setTimeout(run, this.opts.latencyMs) : undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (!timer) queueMicrotask(run);
    });
  }

  // ---- synchronous answers (the bench picks its positions with these) ----

  /** The definitions of the name at `at`: each declaration's name range. */
  definitionsSync(p: string, at: CodePosition): CodeLocation[] {
    return this.definitionNodes(p, at).map((f) => this.location(f.file, nameNode(f.decl)));
  }

  /** The same declarations as definitionsSync, each as its whole declaration (the first line: the declaration line). */
  declarationSpansSync(p: string, at: CodePosition): CodeLocation[] {
    return this.definitionNodes(p, at).map((f) => this.location(f.file, declarationSpan(f.decl)));
  }

  typeDefinitionsSync(p: string, at: CodePosition): CodeLocation[] {
    const out: Found[] = [];
    for (const f of this.definitionNodes(p, at)) out.push(...this.typeOf(f, 0));
    return dedupe(out).map((f) => this.location(f.file, nameNode(f.decl)));
  }

  documentSymbolsSync(p: string): OutlineSymbol[] {
    const file = this.file(p);
    if (!file) return [];
    return outlineOf(file.sf.statements, file);
  }

  /** The identifier at `at` (touching it, as the editor counts a cursor right after a word), if any. */
  identifierAt(p: string, at: CodePosition): ts.Identifier | undefined {
    const file = this.file(p);
    if (!file) return undefined;
    const offset = offsetOf(file.sf, at);
    if (offset === undefined) return undefined;
    return identifierAt(file.sf, offset) ?? (offset > 0 ? identifierAt(file.sf, offset - 1) : undefined);
  }

  /** The indexed files `p` imports or re-exports from (relative specifiers that resolve), in order. */
  importsOf(p: string): string[] {
    const file = this.file(p);
    if (!file) return [];
    const out: string[] = [];
    for (const s of file.sf.statements) {
      const spec = (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier;
      const target = spec && ts.isStringLiteral(spec) ? this.resolveModule(file, spec.text) : undefined;
      if (target && !out.includes(target.path)) out.push(target.path);
    }
    return out;
  }

  /** The parsed file (for the bench's own walk over identifiers). */
  sourceFile(p: string): ts.SourceFile | undefined {
    return this.file(p)?.sf;
  }

  // ---- resolution ----

  private definitionNodes(p: string, at: CodePosition): Found[] {
    const file = this.file(p);
    const id = this.identifierAt(p, at);
    if (!file || !id) return [];
    return dedupe(this.resolveIdentifier(file, id));
  }

  private file(p: string): FileInfo | undefined {
    const cached = this.parsed.get(p);
    if (cached) return cached;
    const text = this.texts.get(p);
    if (text === undefined) return undefined;
    const sf = ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const info: FileInfo = { path: p, text, sf, imports: new Map(), exports: new Map(), starExports: [], top: new Map() };
    statementDecls(sf.statements, info.top);
    for (const s of sf.statements) this.indexStatement(info, s);
    this.parsed.set(p, info);
    return info;
  }

  private indexStatement(info: FileInfo, s: ts.Statement): void {
    if (ts.isImportDeclaration(s) && s.importClause && ts.isStringLiteral(s.moduleSpecifier)) {
      const module = s.moduleSpecifier.text;
      const c = s.importClause;
      if (c.name) info.imports.set(c.name.text, { module, name: 'default' });
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) info.imports.set(nb.name.text, { module, name: '*' });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) info.imports.set(el.name.text, { module, name: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isExportDeclaration(s)) {
      const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      if (!s.exportClause) {
        if (from) info.starExports.push(from);
      } else if (ts.isNamespaceExport(s.exportClause)) {
        if (from) info.exports.set(s.exportClause.name.text, { from, name: '*' });
      } else {
        for (const el of s.exportClause.elements) {
          const local = nameText(el.propertyName ?? el.name)!;
          info.exports.set(nameText(el.name)!, from ? { from, name: local } : { local });
        }
      }
    } else if (ts.isExportAssignment(s) && ts.isIdentifier(s.expression)) {
      info.exports.set('default', { local: s.expression.text });
    } else if (hasExport(s)) {
      if (ts.isVariableStatement(s)) {
        const names = new Map<string, ts.Node>();
        for (const d of s.declarationList.declarations) boundNames(d.name, names, d);
        for (const n of names.keys()) info.exports.set(n, { local: n });
      } else {
        const n = declName(s);
        if (hasDefault(s)) info.exports.set('default', { local: n ?? 'default' });
        else if (n) info.exports.set(n, { local: n });
      }
    }
  }

  private resolveModule(from: FileInfo, spec: string): FileInfo | undefined {
    if (!spec.startsWith('.')) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from.path), spec));
    for (const candidate of [`${base}.ts`, `${base}/index.ts`, `${base}.d.ts`, base]) {
      if (this.texts.has(candidate)) return this.file(candidate);
    }
    return undefined;
  }

  /** Declarations `name` has in `file`'s top level (non-exported included), imports followed. */
  private topLevel(file: FileInfo, name: string, hops: number): Found[] {
    return (file.top.get(name) ?? []).flatMap((d) => this.followImport(file, d, hops));
  }

  /** A declaration, or — for an import binding — what it imports. */
  private followImport(file: FileInfo, decl: ts.Node, hops: number): Found[] {
    if (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl)) {
      const local = ts.isImportClause(decl) ? decl.name!.text : decl.name.text;
      const binding = file.imports.get(local);
      const target = binding && this.resolveModule(file, binding.module);
      if (!binding || !target) return [{ file, decl }];
      if (binding.name === '*') return [{ file: target, decl: target.sf }];
      return this.exported(target, binding.name, hops + 1);
    }
    return [{ file, decl }];
  }

  /** What `file` exports as `name`, re-exports followed to the declaring file. */
  private exported(file: FileInfo, name: string, hops: number): Found[] {
    if (hops > MAX_HOPS) return [];
    const e = file.exports.get(name);
    if (e && 'local' in e) return this.topLevel(file, e.local, hops);
    if (e && 'from' in e) {
      const target = this.resolveModule(file, e.from);
      if (!target) return [];
      return e.name === '*' ? [{ file: target, decl: target.sf }] : this.exported(target, e.name, hops + 1);
    }
    for (const spec of file.starExports) {
      const target = this.resolveModule(file, spec);
      const found = target ? this.exported(target, name, hops + 1) : [];
      if (found.length) return found;
    }
    return [];
  }

  private resolveIdentifier(file: FileInfo, id: ts.Identifier): Found[] {
    const parent = id.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === id) return this.members(file, parent.expression, id.text, 0);
    if (ts.isQualifiedName(parent) && parent.right === id) return this.members(file, parent.left, id.text, 0);
    // The name of a declaration: itself (an import's name: what it imports).
    if (declName(parent) === id.text && (parent as ts.NamedDeclaration).name === id) {
      if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) {
        return this.followImport(file, parent, 0);
      }
      if (ts.isExportSpecifier(parent)) return this.resolveExportSpecifier(file, parent);
      return [{ file, decl: parent }];
    }
    if (ts.isImportSpecifier(parent) && parent.propertyName === id) return this.followImport(file, parent, 0);
    if (ts.isExportSpecifier(parent)) return this.resolveExportSpecifier(file, parent);
    const found = this.lookup(file, id, id.text);
    const callee = (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === id;
    if (!callee) return found;
    // A call goes to the implementation of an overloaded function, as the TypeScript service does.
    const bodies = found.filter((f) => isFunctionLikeWithBody(f.decl));
    return bodies.length && bodies.length < found.length ? bodies : found;
  }

  private resolveExportSpecifier(file: FileInfo, spec: ts.ExportSpecifier): Found[] {
    const decl = spec.parent.parent;
    const local = nameText(spec.propertyName ?? spec.name)!;
    if (decl.moduleSpecifier && ts.isStringLiteral(decl.moduleSpecifier)) {
      const target = this.resolveModule(file, decl.moduleSpecifier.text);
      return target ? this.exported(target, local, 1) : [];
    }
    return this.topLevel(file, local, 0);
  }

  /** `name` as seen from `from`: the nearest scope that declares it, then the file's top level. */
  private lookup(file: FileInfo, from: ts.Node, name: string): Found[] {
    for (let n: ts.Node | undefined = from.parent; n; n = n.parent) {
      const local = scopeDecl(n, name);
      if (local) return [{ file, decl: local }];
      if (ts.isSourceFile(n)) break;
    }
    return this.topLevel(file, name, 0);
  }

  /** Member `name` of what `expr` denotes (a class, interface, enum, namespace, or a value of such a type). */
  private members(file: FileInfo, expr: ts.Node, name: string, depth: number): Found[] {
    if (depth > 4) return [];
    let owners: Found[];
    if (expr.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = ts.findAncestor(expr, (a) => ts.isClassLike(a));
      owners = cls ? [{ file, decl: cls }] : [];
    } else if (ts.isIdentifier(expr)) {
      owners = this.resolveIdentifier(file, expr).flatMap((f) => this.containerOf(f, 0));
    } else if (ts.isPropertyAccessExpression(expr)) {
      owners = this.members(file, expr.expression, expr.name.text, depth + 1).flatMap((f) => this.containerOf(f, 0));
    } else if (ts.isQualifiedName(expr)) {
      owners = this.members(file, expr.left, expr.right.text, depth + 1).flatMap((f) => this.containerOf(f, 0));
    } else {
      owners = [];
    }
    return owners.flatMap((o) => this.memberOf(o, name, 0));
  }

  /** The declaration whose members `f` exposes: itself for a class/interface/enum/namespace/module, its type otherwise. */
  private containerOf(f: Found, depth: number): Found[] {
    const d = f.decl;
    if (ts.isClassLike(d) || ts.isInterfaceDeclaration(d) || ts.isEnumDeclaration(d) || ts.isModuleDeclaration(d) || ts.isSourceFile(d)) {
      return [f];
    }
    return depth > 2 ? [] : this.typeOf(f, depth + 1).flatMap((t) => this.containerOf(t, depth + 1));
  }

  private memberOf(owner: Found, name: string, depth: number): Found[] {
    const d = owner.decl;
    if (depth > 6) return [];
    if (ts.isSourceFile(d)) return this.exported(owner.file, name, 0);
    if (ts.isModuleDeclaration(d)) {
      const body = d.body && ts.isModuleBlock(d.body) ? d.body.statements : [];
      const decls = new Map<string, ts.Node[]>();
      statementDecls(body, decls);
      return (decls.get(name) ?? []).map((decl) => ({ file: owner.file, decl }));
    }
    const list: readonly ts.Node[] = ts.isClassLike(d) || ts.isInterfaceDeclaration(d) || ts.isEnumDeclaration(d) ? d.members : [];
    const own = list.filter((m) => declName(m) === name);
    const ctorParams =
      ts.isClassLike(d) && !own.length
        ? d.members
            .filter(ts.isConstructorDeclaration)
            .flatMap((c) => c.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, c) && nameText(p.name) === name))
        : [];
    if (own.length || ctorParams.length) return [...own, ...ctorParams].map((decl) => ({ file: owner.file, decl }));
    // Inherited: the `extends` clauses' classes and interfaces.
    if (!ts.isClassLike(d) && !ts.isInterfaceDeclaration(d)) return [];
    const bases = (d.heritageClauses ?? []).filter((h) => h.token === ts.SyntaxKind.ExtendsKeyword).flatMap((h) => h.types);
    for (const b of bases) {
      const found = this.entityDecls(owner.file, b.expression).flatMap((f) => this.memberOf(f, name, depth + 1));
      if (found.length) return found;
    }
    return [];
  }

  /** The declarations an entity name or property access (`Foo`, `ns.Foo`) denotes, seen from its place. */
  private entityDecls(file: FileInfo, e: ts.Node): Found[] {
    if (ts.isIdentifier(e)) return this.resolveIdentifier(file, e);
    if (ts.isPropertyAccessExpression(e)) return this.members(file, e.expression, e.name.text, 0);
    if (ts.isQualifiedName(e)) return this.members(file, e.left, e.right.text, 0);
    return [];
  }

  /**
   * The type declaration(s) of a found declaration: a class, interface, enum or type alias is its own; a variable,
   * parameter or property goes to its annotation's first named type (or a `new X()` initializer's class, or a
   * called function's declared return type); a function to its return type.
   */
  private typeOf(f: Found, depth: number): Found[] {
    const d = f.decl;
    if (ts.isClassLike(d) || ts.isInterfaceDeclaration(d) || ts.isEnumDeclaration(d) || ts.isTypeAliasDeclaration(d)) return [f];
    if (ts.isTypeParameterDeclaration(d) || depth > 3) return [];
    const typed = d as ts.Node & { type?: ts.TypeNode; initializer?: ts.Expression };
    const ref = typed.type && firstTypeReference(typed.type);
    if (ref) return this.entityDecls(f.file, ref.typeName);
    const init = typed.initializer;
    if (init && ts.isNewExpression(init)) return this.entityDecls(f.file, init.expression).filter((x) => ts.isClassLike(x.decl));
    if (init && ts.isCallExpression(init)) {
      return this.entityDecls(f.file, init.expression).flatMap((x) => (ts.isFunctionLike(x.decl) ? this.typeOf(x, depth + 1) : []));
    }
    return [];
  }

  private location(file: FileInfo, node: ts.Node): CodeLocation {
    const sf = file.sf;
    const start = ts.isSourceFile(node) ? 0 : node.getStart(sf);
    const end = ts.isSourceFile(node) ? 0 : node.getEnd();
    return { path: file.path, range: rangeOf(sf, start, end) };
  }
}

function dedupe(found: Found[]): Found[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${f.file.path}:${f.decl.pos}:${f.decl.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first type reference inside a type (`Foo<T>`, `Foo | undefined`, `Foo[]`, `readonly Foo[]`). */
function firstTypeReference(t: ts.TypeNode): ts.TypeReferenceNode | undefined {
  if (ts.isTypeReferenceNode(t)) return t;
  let found: ts.TypeReferenceNode | undefined;
  ts.forEachChild(t, (c) => {
    if (!found && ts.isTypeNode(c)) found = firstTypeReference(c);
  });
  return found;
}

/** A declaration of `name` made directly by scope node `n` (not the file's top level: topLevel does that). */
function scopeDecl(n: ts.Node, name: string): ts.Node | undefined {
  const names = new Map<string, ts.Node>();
  const typeParams = (n as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
  for (const tp of typeParams ?? []) names.set(tp.name.text, tp);
  if (ts.isFunctionLike(n)) {
    for (const p of n.parameters) boundNames(p.name, names, p);
    if ((ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) && n.name && !ts.isSourceFile(n.parent)) names.set(n.name.text, n);
  }
  if (ts.isClassExpression(n) && n.name) names.set(n.name.text, n);
  if (ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
    const decls = new Map<string, ts.Node[]>();
    statementDecls(n.statements, decls);
    const list = decls.get(name);
    if (list?.length) return list.find(isFunctionLikeWithBody) ?? list[0];
  }
  if ((ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) && n.initializer) {
    if (ts.isVariableDeclarationList(n.initializer)) for (const d of n.initializer.declarations) boundNames(d.name, names, d);
  }
  if (ts.isCatchClause(n) && n.variableDeclaration) boundNames(n.variableDeclaration.name, names, n.variableDeclaration);
  return names.get(name);
}

function identifierAt(sf: ts.SourceFile, offset: number): ts.Identifier | undefined {
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (!next && c.getStart(sf) <= offset && offset < c.getEnd()) next = c;
    });
    if (!next) break;
    node = next;
  }
  return ts.isIdentifier(node) && node.getStart(sf) <= offset ? node : undefined;
}

function offsetOf(sf: ts.SourceFile, at: CodePosition): number | undefined {
  const starts = sf.getLineStarts();
  if (at.line < 0 || at.line >= starts.length || at.character < 0) return undefined;
  const lineEnd = at.line + 1 < starts.length ? starts[at.line + 1] : sf.text.length;
  return Math.min(starts[at.line] + at.character, lineEnd);
}

function rangeOf(sf: ts.SourceFile, start: number, end: number): CodeRange {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

/** The outline of a statement list: declarations with their members, as VS Code's TypeScript outline shows them. */
function outlineOf(statements: readonly ts.Statement[], file: FileInfo): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  const sym = (n: ts.Node, name: string, children?: OutlineSymbol[]): OutlineSymbol => ({
    name,
    kind: outlineKind(n)!,
    range: rangeOf(file.sf, n.getStart(file.sf), n.getEnd()),
    ...(children?.length ? { children } : {}),
  });
  const members = (list: readonly ts.Node[]): OutlineSymbol[] =>
    list.flatMap((m) => {
      const kind = outlineKind(m);
      const name = ts.isConstructorDeclaration(m) ? 'constructor' : declName(m);
      return kind && name ? [sym(m, name)] : [];
    });
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push(sym(d, d.name.text));
    } else if (ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isEnumDeclaration(s)) {
      out.push(sym(s, declName(s) ?? 'default', members(s.members)));
    } else if (ts.isModuleDeclaration(s)) {
      const body = s.body && ts.isModuleBlock(s.body) ? outlineOf(s.body.statements, file) : [];
      out.push(sym(s, s.name.text, body));
    } else if (ts.isFunctionDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
      const name = declName(s) ?? 'default';
      // Overloads show once, at the implementation (or the last signature), as the TypeScript outline does.
      if (
        ts.isFunctionDeclaration(s) &&
        !s.body &&
        statements.some((o) => o !== s && ts.isFunctionDeclaration(o) && declName(o) === name)
      ) {
        const later = statements.slice(statements.indexOf(s) + 1);
        if (later.some((o) => ts.isFunctionDeclaration(o) && declName(o) === name)) continue;
      }
      out.push(sym(s, name));
    }
  }
  return out;
}
