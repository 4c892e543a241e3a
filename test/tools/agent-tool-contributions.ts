/**
 * Writes package.json `contributes.languageModelTools` from Gearshift's agent tools (their core descriptions and
 * schemas, src/vscode/agent/toolContributions.ts for names, titles and tags). Run it after changing a tool:
 *
 *   npm run compile-tests && node out/test/tools/agent-tool-contributions.js
 *
 * test/unit/vscodeAgent/contributions.test.ts fails until package.json matches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAgentTools, type WorkspaceHost } from '../../src/core/agent/tools';
import { toolContribution } from '../../src/vscode/agent/toolContributions';

export function allToolContributions(): ReturnType<typeof toolContribution>[] {
  const tools = createAgentTools({
    host: {} as WorkspaceHost,
    allowList: { get: () => [], add: () => undefined },
    trusted: true,
    commandLimits: () => ({ timeoutSeconds: 1, maxOutputKiB: 1 }),
  });
  return tools.map(toolContribution);
}

if (require.main === module) {
  const file = path.resolve(__dirname, '../../../package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
  pkg.contributes.languageModelTools = allToolContributions();
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`package.json: ${allToolContributions().length} language model tools written`);
}
