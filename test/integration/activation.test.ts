import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../src/vscode/extension';
import { ui } from './ui';

const EXTENSION_ID = 'gearshift-dev.gearshift';

describe('activation', () => {
  let api: GearshiftApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<GearshiftApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    api = await ext.activate();
    console.log(`running inside VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost})`);
  });

  it('runs in the real VS Code 1.139', () => {
    assert.match(vscode.version, /^1\.139\./);
  });

  it('activates and logs how long activation took', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(api.activationMs > 0);
    assert.ok(
      api.log.lines().some((l) => /activated in \d+(\.\d+)? ms/.test(l)),
      'activation time is in the log',
    );
  });

  it('registers every command it declares', async () => {
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string }[]).map(
      (c) => c.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
    assert.ok(declared.length >= 10);
  });

  it('shows its cost item in the status bar', async () => {
    const items = await ui.waitFor('.statusbar-item', { text: 'today' });
    const mine = items.filter((i) => /\$\d+\.\d+ today/.test(i.text));
    assert.equal(mine.length, 1, `one Gearshift cost item, saw: ${items.map((i) => i.text).join(' | ')}`);
  });
});
