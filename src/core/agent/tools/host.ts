/**
 * What Gearshift's agent tools need from the editor: the workspace's folders and files, symbols, diagnostics, edits
 * and a terminal. The VS Code layer implements it (src/vscode/agent/); tests use an in-memory host. Plain Node.
 *
 * Every path crossing this interface is ABSOLUTE, in the platform's form (what `node:path` and VS Code's
 * `Uri.fsPath` give). The tools, not the host, turn a model's workspace-relative path into an absolute one, check
 * that it lies inside a root, and refuse excluded and secret files (see paths.ts); the host never has to judge
 * whether a model may see a file. It must only:
 * - answer quickly or honour `signal` (nothing may stall the extension host);
 * - never throw for a missing file (return undefined instead); other failures may throw an Error whose message a
 *   person can read (the tool turns it into a 'toolError' result).
 */

/** A workspace folder. */
export interface WorkspaceRoot {
  /** The folder's name as VS Code shows it (WorkspaceFolder.name); a model may write paths as "<name>/src/x.ts". */
  name: string;
  /** Absolute path (Uri.fsPath). */
  path: string;
}

export interface FileStat {
  type: 'file' | 'directory' | 'other';
  /** Bytes on disk (of the open document's text when the file is open but not yet saved: its UTF-8 length). */
  size: number;
}

/** A symbol of the workspace (vscode.executeWorkspaceSymbolProvider). */
export interface WorkspaceSymbol {
  name: string;
  /** Lower-case kind as VS Code names it: 'class', 'function', 'method', 'variable', 'interface'… */
  kind: string;
  containerName?: string;
  /** Absolute path of the file the symbol is in. */
  path: string;
  /** 1-based line of the symbol's start. */
  line: number;
}

/** A diagnostic (vscode.languages.getDiagnostics). */
export interface Problem {
  /** Absolute path of the file. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  /** E.g. 'ts', 'eslint'. */
  source?: string;
  code?: string;
}

export interface RunCommandOptions {
  /** Stop pressed or the task ended: kill the command (and its children) and resolve with `stopped: true`. */
  signal: AbortSignal;
  /** Kill the command after this long and resolve with `timedOut: true`. */
  timeoutMs: number;
  /** Keep at most this many bytes of output (the first half and the last half when longer), `truncated: true`. */
  maxOutputBytes: number;
}

export interface CommandRun {
  /** Everything the command wrote (stdout and stderr interleaved as the terminal shows them), capped; ANSI codes removed. */
  output: string;
  /** Undefined when unknown (killed, or the terminal's shell integration did not report it). */
  exitCode?: number;
  timedOut: boolean;
  stopped: boolean;
  truncated: boolean;
}

export interface WorkspaceHost {
  /** The workspace folders, first the one relative paths default to. Empty when no folder is open. */
  roots(): readonly WorkspaceRoot[];

  /**
   * The `gearshift.exclude` globs in force for a file (its folder's own in a multi-root workspace), as the
   * gateway and inline completion read them. The built-in secret-file patterns are added by the tools.
   */
  excludeGlobs(absPath: string): readonly string[];

  /**
   * Where a path really is, symlinks resolved (fs.realpath), or undefined when it does not exist. Used to refuse
   * a link inside the workspace that points outside it or at an excluded file.
   */
  realPath(absPath: string): Promise<string | undefined>;

  /** Undefined when nothing is there. */
  stat(absPath: string): Promise<FileStat | undefined>;

  /**
   * A file's text: the open editor's text when the file is open (unsaved changes included), else the file on
   * disk decoded as UTF-8. Undefined when the file does not exist. The tools call stat first and do not read
   * files above their size caps.
   */
  readFile(absPath: string): Promise<string | undefined>;

  /**
   * Files (not folders) matching `glob` in any root, absolute paths, at most `maxResults`, honouring the
   * user's `files.exclude` and `search.exclude` (vscode.workspace.findFiles). The glob is relative to each root
   * and was already checked by the tools (globProblem). Resolves with what was found so far when `signal` aborts.
   */
  findFiles(glob: string, maxResults: number, signal: AbortSignal): Promise<string[]>;

  /** Symbols matching `query` across the workspace (vscode.executeWorkspaceSymbolProvider); [] when none. */
  symbols(query: string, signal: AbortSignal): Promise<WorkspaceSymbol[]>;

  /** Diagnostics of one file, or of every file with any when `absPath` is undefined. */
  problems(absPath?: string): Promise<Problem[]>;

  /**
   * Replaces a file's whole text with `newText` as ONE undoable step (a WorkspaceEdit replacing the document's
   * full range, or creating the file with `create: true`), then saves it, so a later read or command sees it.
   * Folders on the way are created. Throws an Error with a readable message when it could not be applied.
   */
  applyEdit(absPath: string, newText: string, options: { create: boolean }): Promise<void>;

  /**
   * Runs a shell command line in `cwd` (a terminal with shell integration in VS Code, so the user sees it) and
   * captures its output. Never rejects for the command's own failure: that is `exitCode`, `timedOut` or
   * `stopped`; rejects only when no command could be started at all.
   */
  runCommand(command: string, cwd: string, options: RunCommandOptions): Promise<CommandRun>;
}

/**
 * Commands the user chose to "always allow" in this workspace (exact command lines). The VS Code layer keeps them
 * in workspaceState, never in settings (a repository's settings must not be able to pre-approve commands).
 */
export interface CommandAllowList {
  get(): readonly string[];
  add(command: string): void | Promise<void>;
}

/** What createAgentTools (./index.ts) takes. */
export interface AgentToolDeps {
  host: WorkspaceHost;
  allowList: CommandAllowList;
  /** False in Restricted Mode: only the read-only tools are returned. */
  trusted: boolean;
  /**
   * Read before each command runs: `gearshift.agent.commandTimeoutSeconds` and
   * `gearshift.agent.maxCommandOutputKiB` as the settings resolve them.
   */
  commandLimits(): { timeoutSeconds: number; maxOutputKiB: number };
}
