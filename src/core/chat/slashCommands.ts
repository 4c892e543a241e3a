import type { ChatRoute } from '../settings/model';
import type { SlashCommand } from '../types';

/** What the input's completion list shows for each slash command, and the route it takes unless gearshift.routing.commands says otherwise. */
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
