import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommitMessageRun } from '../../src/vscode/commit';
import type { GitApi, GitRepository } from '../../src/vscode/commit/gitApi';
import { eventually, useFakeProvider } from './setup';
import { ui } from './ui';

const COMMAND = 'gearshift.commitMessage.generate';
const ENV_SECRET = 'STRIPE_LIVE_VALUE_never_leaves_5521';

/**
 * The Source Control view's "Generate Commit Message" in the real VS Code with the built-in Git extension and a real
 * repository (Debian's git) in a temp folder: the staged change goes to the fake server, the message streams into
 * the repository's input box, an excluded file's diff never reaches the fake, the call is in the ledger, and pressing
 * the button again cancels.
 */
describe('commit messages from the Source Control view', function () {
  this.timeout(180_000);
  let root: string;
  let repo: GitRepository;
  let gitApi: GitApi;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  const run = (arg: unknown = { rootUri: repo.rootUri }) => vscode.commands.executeCommand<CommitMessageRun>(COMMAND, arg);
  /** The text of every request the fake received since `from`. */
  const sentSince = (fake: { requests: { rawBody: string }[] }, from: number) =>
    fake.requests
      .slice(from)
      .map((r) => r.rawBody)
      .join('\n');

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-repo-')));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'Dev');
    write('greet.ts', 'export const hello = () => "hello";\n');
    write('.env', 'STRIPE_KEY=old\n');
    git('add', '-A');
    git('commit', '-qm', 'feat(greet): add hello');
    const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(ext, 'the built-in Git extension is there');
    gitApi = (await ext.activate()).getAPI(1);
    await eventually(() => gitApi.state === 'initialized', 'the Git extension to initialise');
    await gitApi.openRepository!(vscode.Uri.file(root));
    repo = await eventually(() => gitApi.repositories.find((r) => r.rootUri.fsPath === root), `the Git extension to open ${root}`);
  });

  after(async () => {
    // Closed before its folder goes, so later suites see no repository left behind.
    await vscode.commands.executeCommand('git.close', repo.rootUri);
    await eventually(() => !gitApi.repositories.some((r) => r.rootUri.fsPath === root), 'the repository to close');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("streams the fake model's message into the input box from the staged diff; .env never leaves; the ledger has it", async () => {
    const { fake, api } = await useFakeProvider();
    await api.cost.whenLoaded();
    write('greet.ts', 'export const hello = () => "hello";\nexport const farewell = () => "bye";\n');
    write('.env', `STRIPE_KEY=${ENV_SECRET}\n`);
    write('notes.md', 'unstaged only\n');
    git('add', 'greet.ts', '.env');
    await repo.status();
    repo.inputBox.value = '';
    const from = fake.requests.length;
    const recordsBefore = (await api.cost.readAll()).filter((r) => r.task === 'commitMessage').length;
    fake.script({ chunks: ['```\n', 'feat(greet): ', 'add farewell', '\n\nSay bye as well as hello.\n', '```'], chunkDelayMs: 30 });
    const pressed = run();
    const shown = await eventually(
      () => (repo.inputBox.value.startsWith('feat(greet): add farewell') ? repo.inputBox.value : ''),
      'the message in the input box',
    );
    const result = await pressed;
    assert.equal(result.outcome, 'written', result.notice);
    assert.equal(repo.inputBox.value, 'feat(greet): add farewell\n\nSay bye as well as hello.');
    assert.ok(shown.length > 0);
    const sent = sentSince(fake, from);
    assert.match(sent, /farewell = \(\) => \\"bye\\"/, 'the staged change reached the model');
    assert.ok(!sent.includes(ENV_SECRET), "the .env file's content never reached the model");
    assert.ok(!sent.includes('STRIPE_KEY'), 'nor any line of the .env diff');
    assert.ok(!sent.includes('unstaged only'), 'only the staged changes were described');
    assert.match(sent, /feat\(greet\): add hello/, "the repository's recent subject was given as an example");
    const records = await eventually(async () => {
      const mine = (await api.cost.readAll()).filter((r) => r.task === 'commitMessage');
      return mine.length > recordsBefore ? mine : undefined;
    }, 'a commitMessage record in the ledger');
    const last = records[records.length - 1];
    assert.equal(last.outcome, 'ok');
    assert.equal(last.tier, 'cheap', 'commit messages go to the cheap tier by default');
    assert.equal(last.model, 'gpt-5-mini');
  });

  it('the sparkle button in the Source Control view writes the message for its repository', async () => {
    const { fake } = await useFakeProvider();
    write('greet.ts', 'export const hello = () => "hello";\nexport const wave = () => "o/";\n');
    git('add', 'greet.ts');
    await repo.status();
    repo.inputBox.value = '';
    fake.script({ text: 'feat(greet): add wave' });
    await vscode.commands.executeCommand('workbench.view.scm');
    const button = '.monaco-action-bar .action-label[aria-label="Generate Commit Message"]';
    await ui.waitFor(button);
    await ui.screenshot('commit-message-scm-button');
    await ui.click(button);
    await eventually(() => repo.inputBox.value === 'feat(greet): add wave', 'the message written by the button');
    await ui.screenshot('commit-message-scm-written');
  });

  it('pressing the button again while it writes cancels, and the input box gets back what it held', async () => {
    const { fake } = await useFakeProvider();
    write('greet.ts', 'export const hello = () => "hello";\nexport const farewell = () => "see you";\n');
    git('add', 'greet.ts');
    await repo.status();
    repo.inputBox.value = 'my own draft';
    fake.script({ text: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '), chunkDelayMs: 150 });
    const closed = fake.nextClientClose();
    const first = run();
    await eventually(() => repo.inputBox.value.startsWith('word0'), 'the first words in the input box');
    const second = await run();
    assert.equal(second.outcome, 'cancelled');
    assert.equal((await first).outcome, 'cancelled');
    assert.equal(repo.inputBox.value, 'my own draft');
    assert.equal((await closed).clientClosedEarly, true, 'the HTTP request itself was aborted');
  });

  it('says so, and sends nothing, when every staged change is excluded or there is no change at all', async () => {
    const { fake } = await useFakeProvider();
    git('reset', '-q');
    git('checkout', '-q', '--', 'greet.ts');
    git('add', '.env');
    await repo.status();
    const from = fake.requests.length;
    const excluded = await run();
    assert.equal(excluded.outcome, 'nothing');
    assert.match(excluded.notice ?? '', /excluded or secret file/);
    git('reset', '-q');
    git('checkout', '-q', '--', '.env');
    fs.rmSync(path.join(root, 'notes.md'));
    await repo.status();
    const none = await run();
    assert.equal(none.outcome, 'nothing');
    assert.match(none.notice ?? '', /no changes/);
    assert.equal(fake.requests.length, from, 'nothing was sent');
  });
});
