/** The chat session's slash commands and rules files: what is attached, sent, told and kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentTaskRequest } from '../../../src/core/agent/types';
import type { ChatAttachment, Conversation, UserTurn } from '../../../src/core/chat/conversation';
import { HistoryStore } from '../../../src/core/chat/historyStore';
import type { HostMessage } from '../../../src/core/chat/messages';
import type { ProblemsResult } from '../../../src/core/chat/selectionProblems';
import { ChatSession, type CommandEditor } from '../../../src/core/chat/session';
import { commandPrompt } from '../../../src/core/chat/slashCommands';
import type { RulesSnapshot } from '../../../src/core/rules/types';
import { FakeBackend, ids, MemoryStorage, streams } from './fakes';

const selection: ChatAttachment = {
  id: 's',
  path: 'src/app.ts',
  language: 'typescript',
  text: 'let x: number = "1";',
  label: 'src/app.ts:3-4',
  redactions: 0,
};
const problems: ChatAttachment = {
  id: 'p',
  path: 'src/app.ts',
  text: 'src/app.ts:3:5 error TS2322: …',
  label: 'problems in src/app.ts:3-4',
  redactions: 0,
  kind: 'problems',
};

function setup(opts: { editor?: Partial<CommandEditor>; rules?: RulesSnapshot; user?: string; agent?: boolean } = {}) {
  const backend = new FakeBackend(streams(['ok']));
  const storage = new MemoryStorage();
  const store = new HistoryStore(storage, { newId: ids('c'), now: Date.now, throttleMs: 10 });
  let rules = opts.rules ?? { files: [] };
  let loads = 0;
  const tasks: AgentTaskRequest[] = [];
  const editor: CommandEditor = {
    selection: () => ({ ok: true, attachment: selection }),
    problems: (): ProblemsResult => ({ attachment: problems }),
    ...opts.editor,
  };
  const session = new ChatSession({
    backend,
    store,
    editor,
    rules: {
      load: async () => {
        loads++;
        return rules;
      },
      userInstructions: () => opts.user ?? '',
    },
    agent: opts.agent
      ? {
          run: async (req) => {
            tasks.push(req);
            return { status: 'finished', steps: 1, costUsd: 0, messages: req.messages };
          },
          tools: () => [],
          limits: () => ({ maxSteps: 5 }),
        }
      : undefined,
    newId: ids('t'),
    now: Date.now,
    log: () => undefined,
  });
  const posted: HostMessage[] = [];
  session.connect((m) => posted.push(m));
  const notices = () => posted.flatMap((m) => (m.type === 'notice' ? [m.text] : []));
  const lastRules = () => posted.filter((m) => m.type === 'rules').at(-1) as Extract<HostMessage, { type: 'rules' }> | undefined;
  return {
    backend,
    store,
    storage,
    session,
    posted,
    notices,
    lastRules,
    tasks,
    setRules: (r: RulesSnapshot) => (rules = r),
    loads: () => loads,
  };
}

const userTurn = (c: Conversation, i = 0) => c.turns.filter((t) => t.role === 'user')[i] as UserTurn;

test('a command with no text and nothing attached takes the selection; /fix adds its problems; the turn keeps the command', async () => {
  const t = setup();
  await t.session.init();
  await t.session.send('/fix', 'auto');
  const req = t.backend.requests[0];
  assert.equal(req.command, 'fix');
  assert.deepEqual(
    req.attachments.map((a) => a.label),
    ['src/app.ts:3-4', 'problems in src/app.ts:3-4'],
  );
  assert.equal(req.messages.at(-1)!.content, commandPrompt('fix', ''));
  const c = await t.store.active();
  assert.equal(userTurn(c).command, 'fix');
  assert.equal(userTurn(c).content, '/fix', 'the message shows as typed');
  assert.deepEqual(
    userTurn(c).attachments.map((a) => a.kind),
    ['selection', 'problems'],
  );
});

test('table: what each message attaches, sends and tells', async () => {
  const rows: {
    name: string;
    text: string;
    attached?: boolean;
    editor?: Partial<CommandEditor>;
    sent: boolean;
    command?: string;
    labels?: string[];
    notice?: RegExp;
  }[] = [
    { name: '/doc with text: no selection taken', text: '/doc in JSDoc', sent: true, command: 'doc', labels: [] },
    { name: '/doc with an attachment: that is used', text: '/doc', attached: true, sent: true, command: 'doc', labels: ['a.py'] },
    { name: '/tests alone: the selection', text: '/tests', sent: true, command: 'tests', labels: ['src/app.ts:3-4'] },
    {
      name: '/explain with no selection: told, not sent',
      text: '/explain',
      editor: { selection: () => ({ ok: false, message: 'Nothing is selected: select some code first, or attach the whole file.' }) },
      sent: false,
      notice: /^\/explain needs code to work on: Nothing is selected/,
    },
    { name: '/new alone: told what to say', text: '/new', sent: false, notice: /Say what \/new should create/ },
    { name: '/new with a description: nothing from the editor', text: '/new a CLI in Go', sent: true, command: 'new', labels: [] },
    {
      name: '/fix with no problems: said, still sent',
      text: '/fix it crashes',
      editor: { problems: () => ({ none: 'No problems are reported in src/app.ts:3-4: /fix sends the code without any.' }) },
      sent: true,
      command: 'fix',
      labels: [],
      notice: /No problems are reported in src\/app\.ts:3-4/,
    },
    {
      name: 'unknown /fixme: sent as text, commands listed',
      text: '/fixme now',
      sent: true,
      labels: [],
      notice: /\/fixme is not a Gearshift command.*\/explain, \/fix/,
    },
    { name: 'a path is no command', text: '/etc/hosts is empty', sent: true, labels: [] },
  ];
  for (const r of rows) {
    const t = setup({ editor: r.editor });
    await t.session.init();
    if (r.attached) t.session.addAttachment({ id: 'f', path: 'a.py', text: 'x = 1', label: 'a.py', redactions: 0 });
    await t.session.send(r.text, 'auto');
    assert.equal(t.backend.requests.length, r.sent ? 1 : 0, r.name);
    const req = t.backend.requests[0];
    if (req) {
      assert.equal(req.command, r.command, r.name);
      assert.deepEqual(
        req.attachments.map((a) => a.label),
        r.labels,
        r.name,
      );
    }
    if (r.notice)
      assert.ok(
        t.notices().some((n) => r.notice!.test(n)),
        `${r.name}: ${t.notices().join(' | ')}`,
      );
    else assert.deepEqual(t.notices(), [], r.name);
  }
});

test('agent mode: a leading command is left to the agent as text, and the user is told', async () => {
  const t = setup({ agent: true });
  await t.session.init();
  await t.session.send('/fix the failing test', 'auto', 'agent');
  assert.equal(t.tasks.length, 1);
  assert.equal(t.tasks[0].messages.at(-1)!.content, '/fix the failing test');
  assert.match(t.notices()[0], /Slash commands work in Ask mode/);
});

const RULES: RulesSnapshot = {
  files: [
    { path: 'AGENTS.md', text: 'Use tabs.', tokens: 3, redactions: 0 },
    { path: '.github/copilot-instructions.md', tokens: 0, redactions: 0, refused: '.github/copilot-instructions.md is excluded …' },
  ],
};

test('rules: chips for the conversation; turned off they leave the next request, back on they return; kept in history', async () => {
  const t = setup({ rules: RULES, user: 'Answer in French.' });
  const init = await t.session.init();
  await t.session.refreshRules();
  assert.deepEqual(
    t.lastRules()?.files.map((f) => [f.path, f.on, f.tokens, f.refused !== undefined]),
    [
      ['AGENTS.md', true, 3, false],
      ['.github/copilot-instructions.md', false, 0, true],
    ],
  );
  await t.session.send('hello', 'auto');
  assert.deepEqual(
    t.backend.requests[0].instructions?.map((i) => i.label),
    ['gearshift.instructions (your user settings)', 'AGENTS.md'],
  );
  await t.session.setRulesFile(init.conversation.id, 'AGENTS.md', false);
  assert.equal(t.lastRules()?.files[0].on, false);
  assert.deepEqual((await t.store.active()).rulesOff, ['AGENTS.md']);
  const kept = t.storage.get<Conversation>(`gearshift.chat.conversation.${init.conversation.id}`);
  assert.deepEqual(kept?.rulesOff, ['AGENTS.md'], 'persisted');
  await t.session.send('again', 'auto');
  assert.deepEqual(
    t.backend.requests[1].instructions?.map((i) => i.label),
    ['gearshift.instructions (your user settings)'],
  );
  await t.session.setRulesFile(init.conversation.id, 'AGENTS.md', true);
  await t.session.send('and again', 'auto');
  assert.deepEqual(
    t.backend.requests[2].instructions?.map((i) => i.label),
    ['gearshift.instructions (your user settings)', 'AGENTS.md'],
  );
  assert.equal((await t.store.active()).rulesOff, undefined);
  // A new conversation starts with every rules file on.
  await t.session.setRulesFile(init.conversation.id, 'AGENTS.md', false);
  const fresh = await t.session.newChat();
  assert.equal(t.lastRules()?.conversationId, fresh.id);
  assert.equal(t.lastRules()?.files[0].on, true);
});

test('rules are read again for each message: an edited AGENTS.md applies to the next one', async () => {
  const t = setup({ rules: RULES });
  await t.session.init();
  await t.session.send('one', 'auto');
  t.setRules({ files: [{ path: 'AGENTS.md', text: 'Use spaces.', tokens: 3, redactions: 0 }] });
  await t.session.send('two', 'auto');
  assert.deepEqual(
    t.backend.requests.map((r) => r.instructions?.[0].text),
    ['Use tabs.', 'Use spaces.'],
  );
});

test('Restricted Mode: the chip says why; the user instructions still go; agent tasks get the same instructions', async () => {
  const t = setup({ rules: { files: [], untrusted: 'Rules files … are not read in Restricted Mode' }, user: 'Be brief.', agent: true });
  await t.session.init();
  await t.session.refreshRules();
  assert.match(t.lastRules()?.untrusted ?? '', /Restricted Mode/);
  await t.session.send('hi', 'auto');
  assert.deepEqual(t.backend.requests[0].instructions, [{ label: 'gearshift.instructions (your user settings)', text: 'Be brief.' }]);
  await t.session.send('do a task', 'auto', 'agent');
  assert.deepEqual(t.tasks[0].instructions, [{ label: 'gearshift.instructions (your user settings)', text: 'Be brief.' }]);
});
