/**
 * The language features completion context asks for: VS Code's own providers in the extension
 * (vscode.executeDefinitionProvider, executeTypeDefinitionProvider, executeDocumentSymbolProvider), a deterministic
 * symbol index in unit tests and benchmarks. Paths are as in DocumentSnapshot (workspace-relative when possible).
 * Any call may be slow or never answer: callers put a deadline on each and abort it through `signal`.
 */

/** A 0-based position, as VS Code counts (line, UTF-16 character). */
export interface CodePosition {
  line: number;
  character: number;
}

/** A 0-based range, end exclusive. */
export interface CodeRange {
  start: CodePosition;
  end: CodePosition;
}

export interface CodeLocation {
  path: string;
  range: CodeRange;
}

/** One entry of a file's outline (document symbols). `kind` is VS Code's SymbolKind name ('Class', 'Function', …). */
export interface OutlineSymbol {
  name: string;
  kind: string;
  range: CodeRange;
  children?: OutlineSymbol[];
}

export interface LanguageFeatures {
  definitions(path: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]>;
  typeDefinitions(path: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]>;
  documentSymbols(path: string, signal: AbortSignal): Promise<OutlineSymbol[]>;
  /** A file's text (the open document's when open, else from disk); undefined when it cannot or may not be read. */
  readText(path: string, signal: AbortSignal): Promise<string | undefined>;
}
