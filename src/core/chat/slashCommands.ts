import type { ChatRoute } from '../settings/model';
import type { ChatMessage, SlashCommand } from '../types';

/**
 * What the input's completion list shows for each slash command, and the route it takes unless
 * gearshift.routing.commands says otherwise.
 */
export interface SlashCommandInfo {
  command: SlashCommand;
  /** One line for the completion list: what the command does. */
  description: string;
  /** The default route: a tier, or 'auto' (the classifier decides, as for any chat message). */
  defaultRoute: ChatRoute;
}

export const SLASH_COMMAND_INFO: Record<SlashCommand, SlashCommandInfo> = {
  explain: { command: 'explain', description: 'Explain how the selected code (or the attached context) works', defaultRoute: 'auto' },
  fix: { command: 'fix', description: "Fix the selected code, with the selection's problems attached", defaultRoute: 'frontier' },
  tests: { command: 'tests', description: 'Write unit tests for the selected code', defaultRoute: 'frontier' },
  doc: { command: 'doc', description: 'Write documentation comments for the selected code', defaultRoute: 'cheap' },
  new: { command: 'new', description: 'Scaffold a new file or project from a description', defaultRoute: 'frontier' },
};

/**
 * What a message's first word makes of it:
 * - 'command': a known command (`/fix why does it crash`): `rest` is the text after it;
 * - 'unknown': a slash and a word that is no command (`/foo`, `/fixme`, `/Fix`): the message is sent as typed and the
 *   user is told which commands exist;
 * - 'none': anything else, including a path (`/usr/bin/env is missing`).
 *
 * Commands are case-sensitive and lower-case, as in VS Code's own chat: `/Fix` is not `/fix` (it is reported as
 * unknown, with the list). The command must be followed by white space or the end of the message.
 */
export type ParsedCommand = { kind: 'none' } | { kind: 'command'; command: SlashCommand; rest: string } | { kind: 'unknown'; name: string };

const LEADING = /^\s*\/([A-Za-z][\w-]{0,39})(?=\s|$)/;

export function parseSlashCommand(text: string): ParsedCommand {
  const m = LEADING.exec(text);
  if (!m) return { kind: 'none' };
  const name = m[1];
  if (Object.hasOwn(SLASH_COMMAND_INFO, name))
    return { kind: 'command', command: name as SlashCommand, rest: text.slice(m[0].length).trim() };
  return { kind: 'unknown', name };
}

/** "/explain, /fix, /tests, /doc, /new" */
export function commandList(): string {
  return Object.keys(SLASH_COMMAND_INFO)
    .map((c) => `/${c}`)
    .join(', ');
}

/** What the user is told when a message starts with a slash word that is no command. */
export function unknownCommandNotice(name: string): string {
  return `/${name} is not a Gearshift command, so your message was sent as typed. Commands: ${commandList()}.`;
}

/** What each command asks of the model: sent in the user message, in front of what the user typed. */
export const COMMAND_INSTRUCTIONS: Record<SlashCommand, string> = {
  explain:
    'Explain how the attached code works: what it is for, how control and data flow through it, and anything ' +
    'surprising or easy to get wrong. Refer to lines by number where it helps. Do not rewrite the code.',
  fix:
    'Fix the attached code. The problems the editor reports for it are attached with their line numbers (when there ' +
    'are none, find the bug from the code and the question). Say in a sentence or two what was wrong, then give the ' +
    'corrected code in a fenced block; change nothing else.',
  tests:
    'Write unit tests for the attached code, in the test framework and style the project already uses (or the ' +
    "language's usual one). Cover the normal cases, edge cases and errors. Give each test file in a fenced block, " +
    'headed by the path it belongs at.',
  doc:
    "Write documentation comments for the attached code in the language's usual style (JSDoc, docstrings, rustdoc, " +
    'Javadoc…): what each function, class or type does, its parameters, return value and errors. Give the code back ' +
    'with the comments added and otherwise unchanged.',
  new:
    'Scaffold what the user describes: each file to create in its own fenced block, headed by its path, then a short ' +
    'note on how to run or use it. Keep it minimal and idiomatic.',
};

/**
 * The text a model is sent for a user message that started with a command: the command's instruction, then what the
 * user typed after it. Earlier turns are sent the same way, so the prompt stays byte-stable from one turn to the next.
 */
export function commandPrompt(command: SlashCommand, rest: string): string {
  const head = `/${command}: ${COMMAND_INSTRUCTIONS[command]}`;
  return rest.trim() ? `${head}\n\n${rest.trim()}` : head;
}

/** A user message's text as the model is sent it: the command's instruction in front when it started with one. */
export function promptText(content: string, command: SlashCommand | undefined): string {
  if (!command) return content;
  const parsed = parseSlashCommand(content);
  return commandPrompt(command, parsed.kind === 'command' && parsed.command === command ? parsed.rest : content);
}

/**
 * The conversation with the command's instruction taken off the front of the last user message: the classifier and
 * the escalation cues read what the user typed, not the instruction Gearshift adds.
 */
export function withoutCommandPrompt(messages: readonly ChatMessage[], command: SlashCommand): ChatMessage[] {
  const out = messages.slice();
  const i = out.findLastIndex((m) => m.role === 'user');
  if (i < 0) return out;
  const head = `/${command}: ${COMMAND_INSTRUCTIONS[command]}`;
  const at = out[i].content.indexOf(head);
  if (at < 0) return out;
  // Attachments may come first (fenced blocks); the instruction and the blank line after it are cut out.
  const content = out[i].content.slice(0, at) + out[i].content.slice(at + head.length).replace(/^\n\n/, '');
  out[i] = { ...out[i], content };
  return out;
}
