/**
 * A command's output as it streams in (from a terminal's shell integration or a child process): only its first and
 * last part are kept, so a command that prints gigabytes costs bounded memory; the text is then cleaned of terminal
 * control sequences. Plain Node (no `vscode`), unit-tested.
 */
import { stripVTControlCharacters } from 'node:util';
import { capOutput } from '../../core/agent/tools/runCommand';

/** Keeps the first and the last `keepChars` characters of everything appended. */
export class OutputCapture {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(private readonly keepChars: number) {}

  append(chunk: string): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.head.length < this.keepChars) {
      const take = rest.slice(0, this.keepChars - this.head.length);
      this.head += take;
      rest = rest.slice(take.length);
    }
    if (rest === '') return;
    this.tail = rest.length >= this.keepChars ? rest.slice(rest.length - this.keepChars) : (this.tail + rest).slice(-this.keepChars);
  }

  /** Characters appended so far. */
  get length(): number {
    return this.total;
  }

  /**
   * The output cleaned (cleanTerminalText) and capped to `maxBytes` of UTF-8 (its start and end, as run_command
   * shows them); `truncated` when anything was dropped.
   */
  result(maxBytes: number): { text: string; truncated: boolean } {
    const dropped = this.total > this.head.length + this.tail.length;
    const raw = dropped ? `${cleanTerminalText(this.head)}\n…\n${cleanTerminalText(this.tail)}` : cleanTerminalText(this.head + this.tail);
    const capped = capOutput(raw, maxBytes);
    return { text: capped.text, truncated: dropped || capped.truncated };
  }
}

/** OSC (ESC ] … BEL or ESC \), DCS, SOS, PM and APC strings, also when cut off at the end. */
const STRING_SEQUENCES = /\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\|$)/g;
/** C0 controls other than tab and newline, and DEL. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * What a person would read in the terminal: escape sequences (colours, cursor moves, shell-integration marks)
 * removed, CRLF as LF, a line rewritten with carriage returns (progress bars) kept as it ended, other control
 * characters dropped.
 */
export function cleanTerminalText(text: string): string {
  const plain = stripVTControlCharacters(text.replace(STRING_SEQUENCES, '')).replace(/\r+\n/g, '\n');
  return plain
    .split('\n')
    .map((line) => {
      const parts = line.split('\r');
      // The last non-empty part is what the line showed last ('\r' at the end does not blank it).
      for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') return parts[i].replace(CONTROLS, '');
      return '';
    })
    .join('\n');
}
