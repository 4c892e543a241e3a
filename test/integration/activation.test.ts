import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../src/vscode/extension';

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
    assert.ok(api.log.lines().some((l) => /activated in \d+(\.\d+)? ms/.test(l)), 'activation time is in the log');
  });
});
