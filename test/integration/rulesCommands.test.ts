/**
 * Rules files and slash commands in the real VS Code: an AGENTS.md in the workspace reaches the fake model's system
 * prompt and shows as a chip that turns it off for the conversation; an excluded rules file is refused; the user's
 * gearshift.instructions apply; /fix on a selection with a real TypeScript diagnostic goes to the frontier model with
 * the problem in the prompt; /doc goes cheap; a workspace's gearshift.routing.commands changes a route.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CapturedRequest } from '../fakes/server';
import { ui } from './ui';
import { EMPTY_CONVERSATION, eventually, useFakeProvider } from './setup';

const W = 'webview' as const;
const INPUT = '[data-testid="chat-input"]';
const REPLY = '[data-testid="reply"]';
const AGENTS_MARK = 'RULE-MARK-7f3a: answer every question in exactly one line';
const COPILOT_MARK = 'COPILOT-MARK-91bd';
const USER_MARK = 'USER-MARK-c40e: call the user captain';

const root = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;
const chip = (p: string): string => `[data-testid="rules-file"][data-path="${p}"]`;

interface Body {
  model: string;
  messages: { role: string; content: string }[];
}

async function newChat(): Promise<void> {
  await ui.click('[data-testid="new-chat"]', W);
  await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
}

/** Sends a message and waits for its reply to finish; returns the request the fake model saw and the reply. */
async function ask(text: string): Promise<{ body: Body; reply: { text: string; attrs: Record<string, string> }; reason: string }> {
  const { fake } = await useFakeProvider();
  const before = fake.requests.length;
  const repliesBefore = (await ui.query(REPLY, W)).length;
  fake.script({ text: 'ok' });
  await ui.fill(INPUT, text, W);
  await ui.click('[data-testid="send"]', W);
  const reply = await eventually(async () => {
    const all = await ui.query(REPLY, W);
    const r = all.length > repliesBefore ? all[all.length - 1] : undefined;
    return r && r.attrs['data-status'] === 'done' ? r : undefined;
  }, `the reply to "${text}"`);
  const sent = fake.requests.slice(before).filter((r: CapturedRequest) => r.path.endsWith('/chat/completions'));
  assert.equal(sent.length, 1, 'one request to the model');
  const [tier] = await ui.query(`${REPLY}:last-of-type [data-testid="reply-tier"]`, W);
  return { body: sent[0].body as Body, reply, reason: tier?.attrs.title ?? '' };
}

const systemOf = (b: Body): string => b.messages.find((m) => m.role === 'system')?.content ?? '';
const lastUser = (b: Body): string => b.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';

describe('rules files and slash commands (real webview)', function () {
  this.timeout(180_000);
  const created: string[] = [];
  let routingBefore: unknown;
  let api!: Awaited<ReturnType<typeof useFakeProvider>>['api'];

  before(async () => {
    ({ api } = await useFakeProvider());
    routingBefore = vscode.workspace.getConfiguration('gearshift').inspect('routing')?.workspaceValue;
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
    const file = path.join(root(), 'AGENTS.md');
    fs.writeFileSync(file, `# Project rules\n\n${AGENTS_MARK}\n`);
    created.push(file);
  });

  after(async () => {
    for (const f of created) fs.rmSync(f, { force: true });
    const config = vscode.workspace.getConfiguration('gearshift');
    await config.update('instructions', undefined, vscode.ConfigurationTarget.Global);
    await config.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    await config.update('routing', routingBefore, vscode.ConfigurationTarget.Workspace);
  });

  it("AGENTS.md reaches the model's system prompt and shows as a chip with its tokens", async () => {
    await newChat();
    const [c] = await ui.waitFor(chip('AGENTS.md'), { frame: W, timeoutMs: 30_000 });
    assert.match(c.text, /AGENTS\.md · \d+ tokens/);
    assert.equal(c.attrs['data-state'], 'on');
    const { body } = await ask('how do i reverse a list in python');
    const system = systemOf(body);
    assert.match(system, /^You are Gearshift/);
    assert.ok(system.includes(`## Instructions from AGENTS.md\n\n# Project rules\n\n${AGENTS_MARK}`), system);
  });

  it('turning the chip off keeps AGENTS.md out of the next request; on again brings it back', async () => {
    await newChat();
    await ui.waitFor(chip('AGENTS.md'), { frame: W });
    await ui.click(`${chip('AGENTS.md')} [data-testid="rules-toggle"]`, W);
    await ui.waitFor(`${chip('AGENTS.md')}[data-state="off"]`, { frame: W });
    const off = await ask('how do i reverse a tuple');
    assert.ok(!systemOf(off.body).includes(AGENTS_MARK), 'left out while off');
    await ui.click(`${chip('AGENTS.md')} [data-testid="rules-toggle"]`, W);
    await ui.waitFor(`${chip('AGENTS.md')}[data-state="on"]`, { frame: W });
    const on = await ask('and a string?');
    assert.ok(systemOf(on.body).includes(AGENTS_MARK), 'back once on');
  });

  it('an edited AGENTS.md applies to the next message', async () => {
    await newChat();
    fs.writeFileSync(path.join(root(), 'AGENTS.md'), `# Project rules\n\n${AGENTS_MARK} (edited)\n`);
    const { body } = await ask('what is a tuple');
    assert.ok(systemOf(body).includes(`${AGENTS_MARK} (edited)`));
  });

  it('an excluded rules file is refused with a message and never sent', async () => {
    const dir = path.join(root(), '.github');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'copilot-instructions.md');
    fs.writeFileSync(file, `${COPILOT_MARK}\n`);
    created.push(file);
    await ui.waitFor(`${chip('.github/copilot-instructions.md')}[data-state="on"]`, { frame: W, timeoutMs: 30_000 });
    const config = vscode.workspace.getConfiguration('gearshift');
    const defaults = config.inspect<string[]>('exclude')?.defaultValue ?? [];
    await config.update('exclude', [...defaults, '.github/copilot-instructions.md'], vscode.ConfigurationTarget.Global);
    const [refused] = await ui.waitFor(`${chip('.github/copilot-instructions.md')}[data-state="refused"]`, { frame: W, timeoutMs: 30_000 });
    assert.match(refused.text, /refused/);
    assert.match(refused.attrs.title ?? '', /^\.github\/copilot-instructions\.md is excluded .*gearshift\.exclude/);
    await newChat();
    const { body } = await ask('what is a list');
    assert.ok(!systemOf(body).includes(COPILOT_MARK), 'an excluded rules file never reaches the model');
    assert.ok(systemOf(body).includes(AGENTS_MARK), 'the other rules file still does');
    await config.update('exclude', undefined, vscode.ConfigurationTarget.Global);
  });

  it('gearshift.instructions (user settings) goes into the system prompt before the rules files', async () => {
    await vscode.workspace.getConfiguration('gearshift').update('instructions', USER_MARK, vscode.ConfigurationTarget.Global);
    await newChat();
    const { body } = await ask('how do i sort a list');
    const system = systemOf(body);
    const user = system.indexOf(`## Instructions from gearshift.instructions (your user settings)\n\n${USER_MARK}`);
    assert.ok(user > 0, system);
    assert.ok(system.indexOf(AGENTS_MARK) > user, 'the user text comes first');
    await vscode.workspace.getConfiguration('gearshift').update('instructions', undefined, vscode.ConfigurationTarget.Global);
  });

  it('/fix on a selection with a real diagnostic: frontier, the problem in the prompt, the reason shows /fix', async () => {
    const file = path.join(root(), 'src', 'broken-fix.ts');
    fs.writeFileSync(
      file,
      'export function total(xs: number[]): number {\n  const label: number = "total";\n  return xs.length + label;\n}\n',
    );
    created.push(file);
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const diagnostics = await eventually(
      () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
        return d.length ? d : undefined;
      },
      'a TypeScript diagnostic',
      120_000,
    );
    editor.selection = new vscode.Selection(0, 0, 3, 1);
    await newChat();
    const { body, reply, reason } = await ask('/fix');
    assert.equal(reply.attrs['data-model'], 'smart', 'the frontier model answered');
    assert.equal(reply.attrs['data-tier'], 'frontier');
    assert.match(reason, /\/fix → frontier \(command route\)/);
    const prompt = lastUser(body);
    assert.match(prompt, /problems in src\/broken-fix\.ts:1-4:/);
    assert.match(prompt, /src\/broken-fix\.ts:2:\d+ error TS2322: /, prompt);
    assert.ok(prompt.includes(diagnostics[0].message.split('\n')[0]), 'the diagnostic message');
    assert.match(prompt, /src\/broken-fix\.ts:1-4:\n```typescript\nexport function total/, 'the selection attached');
    assert.match(prompt, /\/fix: Fix the attached code/);
    const explained = await vscode.commands.executeCommand<string>('gearshift.explainRouting', { quiet: true });
    assert.match(explained, /Command: \/fix/);
    assert.match(explained, /Reason: \/fix → frontier \(command route\)/);
  });

  it('/doc goes cheap; a workspace gearshift.routing.commands override changes the route', async () => {
    await newChat();
    const cheap = await ask('/doc write JSDoc for total()');
    assert.equal(cheap.reply.attrs['data-model'], 'fast');
    assert.match(cheap.reason, /\/doc → cheap \(command route\)/);
    assert.match(lastUser(cheap.body), /^\/doc: Write documentation comments[\s\S]*\n\nwrite JSDoc for total\(\)$/);
    const config = vscode.workspace.getConfiguration('gearshift');
    const current = (config.inspect<Record<string, unknown>>('routing')?.workspaceValue ?? {}) as Record<string, unknown>;
    await config.update('routing', { ...current, commands: { doc: 'frontier' } }, vscode.ConfigurationTarget.Workspace);
    await eventually(() => (api.settings().routing.commands.doc === 'frontier' ? true : undefined), 'the workspace setting to apply');
    const dear = await ask('/doc write JSDoc for total()');
    assert.equal(dear.reply.attrs['data-model'], 'smart');
    assert.match(dear.reason, /\/doc → frontier \(command route\)/);
  });

  it('an unknown /command is sent as typed and the user is told which commands exist', async () => {
    await newChat();
    const { body } = await ask('/fixme please');
    assert.equal(lastUser(body), '/fixme please');
    const [notice] = await ui.waitFor('[data-testid="notice"]', { frame: W, text: 'is not a Gearshift command' });
    assert.match(notice.text, /\/fixme is not a Gearshift command.*\/explain, \/fix, \/tests, \/doc, \/new/);
  });
});
