import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandRun } from '../../src/core/agent/tools/host';
import type { GearshiftApi } from '../../src/vscode/extension';
import { eventually, gearshift } from './setup';

const OWN_TOOLS = [
  'gearshift_find_files',
  'gearshift_get_problems',
  'gearshift_propose_edits',
  'gearshift_read_file',
  'gearshift_run_command',
  'gearshift_search_text',
  'gearshift_workspace_symbols',
];

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

const NODE_42 = `node -e "console.log(6 * 7)"`;
const LONG = `node -e "console.log('long command started'); setInterval(() => {}, 1000)"`;

describe('Agent tools in VS Code', function () {
  this.timeout(180_000);
  let api: GearshiftApi;

  before(async () => {
    api = await gearshift();
  });

  it("lists Gearshift's tools in vscode.lm.tools, for VS Code's agent and other extensions", async () => {
    const names = await eventually(() => {
      const found = vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('gearshift_'));
      return found.length === OWN_TOOLS.length ? found.sort() : undefined;
    }, "Gearshift's tools in vscode.lm.tools");
    assert.deepEqual(names, OWN_TOOLS);
    const read = vscode.lm.tools.find((t) => t.name === 'gearshift_read_file');
    assert.ok(read?.tags.includes('read-only'));
    assert.equal((read?.inputSchema as { required?: string[] }).required?.[0], 'path');
  });

  it('read_file through vscode.lm.invokeTool returns the numbered lines of the file', async () => {
    const text = await invoke('gearshift_read_file', { path: 'src/math.ts' });
    const first = fs.readFileSync(path.join(root(), 'src/math.ts'), 'utf8').split('\n')[0];
    assert.match(text, new RegExp(`\\b1\\t${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), text);
  });

  it('refuses to read .env and redacts a secret in a file it reads', async () => {
    const env = await invoke('gearshift_read_file', { path: '.env' });
    assert.match(env, /secret-looking file/, env);
    assert.ok(!env.includes('not-a-real-token'), 'the file is not read');
    const secret = 'AKIA' + 'Z7QXJ4MNB2KLPV6R';
    const file = path.join(root(), 'src/deploy.txt');
    fs.writeFileSync(file, `region=eu-west-1\naws_access_key_id=${secret}\n`);
    try {
      const text = await invoke('gearshift_read_file', { path: 'src/deploy.txt' });
      assert.match(text, /region=eu-west-1/);
      assert.ok(!text.includes(secret), text);
      assert.match(text, /«redacted:/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('find_files honours search.exclude as well as files.exclude', async () => {
    const dir = path.join(root(), 'vendor-lib');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'hidden.ts'), 'export const x = 1;\n');
    const search = vscode.workspace.getConfiguration('search');
    await search.update('exclude', { '**/vendor-lib': true }, vscode.ConfigurationTarget.Global);
    try {
      const found = await api.agentTools.host.findFiles('**/*.ts', 100, new AbortController().signal);
      assert.ok(
        found.some((f) => f.endsWith('math.ts')),
        found.join(', '),
      );
      assert.ok(!found.some((f) => f.includes('vendor-lib')), found.join(', '));
    } finally {
      await search.update('exclude', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes an edit as one undoable step per file, saved, and creates new files with their folders', async () => {
    const file = path.join(root(), 'src/undo-me.ts');
    fs.writeFileSync(file, 'export const a = 1;\nexport const b = 2;\n');
    const created = path.join(root(), 'src/generated/new-file.ts');
    try {
      await api.agentTools.host.applyEdit(file, 'export const a = 10;\nexport const b = 20;\nexport const c = 30;\n', { create: false });
      assert.equal(fs.readFileSync(file, 'utf8'), 'export const a = 10;\nexport const b = 20;\nexport const c = 30;\n', 'saved to disk');
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
      await vscode.commands.executeCommand('undo');
      await eventually(() => editor.document.getText() === 'export const a = 1;\nexport const b = 2;\n', 'one undo to restore the file');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

      await api.agentTools.host.applyEdit(created, 'export const made = true;\n', { create: true });
      assert.equal(fs.readFileSync(created, 'utf8'), 'export const made = true;\n');
    } finally {
      fs.rmSync(file, { force: true });
      fs.rmSync(path.dirname(created), { recursive: true, force: true });
    }
  });

  it("propose_edits for VS Code's agent writes exactly what its confirmation showed", async () => {
    const tool = api.agentTools.lmTools.tool('propose_edits');
    assert.ok(tool);
    const a = path.join(root(), 'src/confirm-a.ts');
    const b = path.join(root(), 'src/confirm-b.ts');
    fs.writeFileSync(a, 'const one = 1;\n');
    fs.writeFileSync(b, 'const two = 2;\n');
    const token = new vscode.CancellationTokenSource().token;
    const input = {
      edits: [
        { path: 'src/confirm-a.ts', oldText: 'one = 1', newText: 'one = 11' },
        { path: 'src/confirm-b.ts', oldText: 'two = 2', newText: 'two = 22' },
      ],
    };
    try {
      const prepared = await api.agentTools.lmTools.prepare(tool, input, token);
      assert.equal(prepared.confirmationMessages?.title, 'Write 2 files?');
      const shown = prepared.confirmationMessages?.message;
      assert.match(typeof shown === 'string' ? shown : (shown?.value ?? ''), /\+const one = 11;/);
      assert.equal(fs.readFileSync(a, 'utf8'), 'const one = 1;\n', 'preparing writes nothing');
      // b changes after the user saw the diff: only a is written.
      fs.writeFileSync(b, 'const two = 2; // changed meanwhile\n');
      const out = await api.agentTools.lmTools.run(tool, input, token);
      assert.equal(fs.readFileSync(a, 'utf8'), 'const one = 11;\n');
      assert.equal(fs.readFileSync(b, 'utf8'), 'const two = 2; // changed meanwhile\n');
      assert.match(out.content, /1 of 2 file\(s\) written/, out.content);
    } finally {
      fs.rmSync(a, { force: true });
      fs.rmSync(b, { force: true });
    }
  });

  describe('commands', () => {
    const limits = { timeoutMs: 120_000, maxOutputBytes: 64 * 1024 };
    const run = (command: string, options: Partial<typeof limits> & { signal?: AbortSignal } = {}): Promise<CommandRun> =>
      api.agentTools.host.runCommand(command, root(), { ...limits, signal: new AbortController().signal, ...options });

    it("captures output and exit code through the terminal's shell integration", async () => {
      const started: string[] = [];
      const sub = vscode.window.onDidStartTerminalShellExecution((e) =>
        started.push(`${e.terminal.name}: ${e.execution.commandLine.value}`),
      );
      try {
        const ok = await run(NODE_42);
        console.log(`agent command run: ${JSON.stringify(ok)}`);
        assert.match(ok.output, /^42$/m, ok.output);
        assert.equal(ok.exitCode, 0);
        assert.doesNotMatch(ok.output, /ran without a terminal/, 'shell integration was available');
        assert.ok(
          started.some((s) => s.startsWith('Gearshift Agent: ') && s.includes('6 * 7')),
          started.join('; '),
        );
        const failed = await run('node -e "process.exit(3)"');
        assert.equal(failed.exitCode, 3);
      } finally {
        sub.dispose();
      }
    });

    it('ends a command at its timeout', async () => {
      const begun = Date.now();
      const r = await run(LONG, { timeoutMs: 4000 });
      assert.equal(r.timedOut, true, JSON.stringify(r));
      assert.equal(r.exitCode, undefined);
      assert.ok(Date.now() - begun < 60_000);
    });

    it('Stop (abort) ends a running command', async () => {
      const stop = new AbortController();
      const sub = vscode.window.onDidStartTerminalShellExecution((e) => {
        if (e.execution.commandLine.value.includes('long command started')) stop.abort();
      });
      // A deadline in case the start event is missed; the abort is what is tested.
      const deadline = setTimeout(() => stop.abort(), 20_000);
      try {
        const r = await run(LONG, { signal: stop.signal });
        assert.equal(r.stopped, true, JSON.stringify(r));
        assert.equal(r.timedOut, false);
      } finally {
        clearTimeout(deadline);
        sub.dispose();
      }
    });

    it('falls back to a child process when shell integration is off, and says so', async () => {
      const terminal = vscode.workspace.getConfiguration('terminal.integrated');
      await terminal.update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
      try {
        const r = await run(NODE_42);
        assert.match(r.output, /ran without a terminal/);
        assert.match(r.output, /^42$/m);
        assert.equal(r.exitCode, 0);
      } finally {
        await terminal.update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('run_command asks before it runs, remembers "always allow" in workspace state, never in settings', async () => {
      const tool = api.agentTools.lmTools.tool('run_command');
      assert.ok(tool);
      const command = `${NODE_42} # always`;
      await api.agentTools.allowList.clear();
      const asked: string[] = [];
      const first = await tool.run(
        { command },
        {
          signal: new AbortController().signal,
          taskId: 't1',
          approve: (r) => {
            asked.push(r.kind === 'command' ? r.command : r.kind);
            return Promise.resolve({ kind: 'command', run: true, always: true });
          },
        },
      );
      assert.deepEqual(asked, [command]);
      assert.match(first.content, /42/);
      assert.deepEqual(api.agentTools.allowList.get(), [command]);
      const again = await tool.run(
        { command },
        { signal: new AbortController().signal, taskId: 't2', approve: () => Promise.reject(new Error('must not ask again')) },
      );
      assert.match(again.content, /Exit code 0/);
      const prepared = await api.agentTools.lmTools.prepare(tool, { command }, new vscode.CancellationTokenSource().token);
      assert.equal(prepared.confirmationMessages, undefined, 'an always-allowed command needs no confirmation');
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('gearshift').inspect('agent')).includes('# always'));
      await api.agentTools.allowList.clear();
    });
  });

  it('"Choose Agent Tools…" writes the user setting, and only opted-in tools of others are offered', async () => {
    const others = vscode.lm.tools.map((t) => t.name).filter((n) => !n.startsWith('gearshift_') && /^[\w-]{1,64}$/.test(n));
    console.log(`other tools in vscode.lm.tools: ${others.join(', ') || 'none'}`);
    const picked = others[0] ? [others[0], 'not_running_tool'] : ['not_running_tool'];
    try {
      await vscode.commands.executeCommand('gearshift.agent.chooseTools', picked);
      await eventually(() => api.settings().agent.externalTools.length === picked.length, 'the setting to apply');
      const names = api.agentTools.toolsFor().map((t) => t.definition.name);
      assert.deepEqual(names.slice(0, 7).sort(), OWN_TOOLS.map((n) => n.replace('gearshift_', '')).sort());
      assert.ok(!names.includes('not_running_tool'));
      if (others[0]) assert.ok(names.includes(others[0]), names.join(', '));
      assert.equal(names.filter((n) => n.startsWith('gearshift_')).length, 0, "Gearshift's own tools are not wrapped twice");
    } finally {
      await vscode.commands.executeCommand('gearshift.agent.chooseTools', []);
    }
  });
});
