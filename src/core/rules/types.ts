/** Rules files as the session, the webview and the prompt see them (no Node imports: the webview bundles this). */

/** One rules file found: used (text set) or refused (`refused` says why). */
export interface RuleFile {
  /** What the chip and the prompt heading show, and what Conversation.rulesOff holds: "AGENTS.md", "api/AGENTS.md". */
  path: string;
  /** The redacted text; absent when refused. */
  text?: string;
  /** Size of the text in tokens (0 when refused). */
  tokens: number;
  /** Secret-looking values replaced in it. */
  redactions: number;
  /** Why it is not used: excluded, too large, unreadable. Names the file. */
  refused?: string;
}

export interface RulesSnapshot {
  files: RuleFile[];
  /** Set in Restricted Mode: why no rules file was read (the chip shows it). */
  untrusted?: string;
}

/** One chip of the composer: a rules file, on or off in this conversation, or refused with why. */
export interface RulesChip {
  path: string;
  tokens: number;
  on: boolean;
  redactions: number;
  refused?: string;
}
