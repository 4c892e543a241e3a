import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allToolContributions } from '../../tools/agent-tool-contributions';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { languageModelTools: Record<string, unknown>[]; commands: { command: string; title: string }[] };
};

test('package.json declares every Gearshift tool exactly as the core defines it (description, schema)', () => {
  assert.deepEqual(
    pkg.contributes.languageModelTools,
    allToolContributions(),
    'regenerate: npm run compile-tests && node out/test/tools/agent-tool-contributions.js',
  );
});

test("the declared tools follow VS Code's rules for contributed tools", () => {
  for (const t of pkg.contributes.languageModelTools) {
    assert.match(String(t.name), /^(?!copilot_|vscode_)[\w-]+$/);
    assert.ok(t.displayName && t.modelDescription, `${String(t.name)} has displayName and modelDescription`);
    if (t.canBeReferencedInPrompt) assert.match(String(t.toolReferenceName), /^[\w-]+$/);
    for (const tag of t.tags as string[]) assert.doesNotMatch(tag, /^(copilot_|vscode_)/);
  }
});

test("the tools that write or run are hidden from VS Code's agent in Restricted Mode; reading tools are not", () => {
  const when = new Map(pkg.contributes.languageModelTools.map((t) => [t.name, t.when]));
  assert.equal(when.get('gearshift_propose_edits'), 'isWorkspaceTrusted');
  assert.equal(when.get('gearshift_run_command'), 'isWorkspaceTrusted');
  assert.equal(when.get('gearshift_read_file'), undefined);
});

test('"Choose Agent Tools…" is declared', () => {
  assert.ok(pkg.contributes.commands.some((c) => c.command === 'gearshift.agent.chooseTools' && c.title === 'Choose Agent Tools…'));
});
