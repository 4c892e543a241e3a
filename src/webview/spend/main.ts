/**
 * The spend dashboard: spend per day stacked by tier (uPlot), totals and savings, a per-model table,
 * workspace and period filters, and "Export CSV". The extension computes every number (SpendView);
 * this script only draws it. All text goes in through textContent, never as HTML.
 */
import uPlot from 'uplot';
import { chartXRange, chartXTicks, type FromWebview, type SpendView, type ToWebview } from '../../core/cost/spendView';
import type { Period } from '../../core/cost/summary';
import { approximateNote, formatTaskUsd, formatUsd } from '../../core/cost/format';
import { acceptanceText, type AcceptanceRow } from '../../core/cost/acceptance';
import { regretText, type RegretRow } from '../../core/cost/regret';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const PERIOD_LABELS: Record<Period, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  month: 'This month',
  all: 'All time',
};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  e.append(...children);
  return e;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

// Layout: filters, summary cards, chart, model table.
const workspaceSelect = el('select');
workspaceSelect.setAttribute('aria-label', 'Workspace');
const periodSelect = el('select');
periodSelect.setAttribute('aria-label', 'Period');
for (const [value, label] of Object.entries(PERIOD_LABELS)) {
  const o = el('option', { text: label });
  o.value = value;
  periodSelect.append(o);
}
const exportButton = el('button', { text: 'Export CSV' });
const toolbar = el(
  'div',
  { className: 'toolbar' },
  el('label', { text: 'Workspace ' }, workspaceSelect),
  el('label', { text: 'Period ' }, periodSelect),
  exportButton,
);
const cards = el('div', { className: 'cards' });
const chartBox = el('div', { className: 'chart' });
const emptyNote = el('p', { className: 'empty', text: 'No calls in this period.' });
const table = el('table', { className: 'models' });
const tasksHeading = el('h2', { text: 'By task (agent)' });
const tasksTable = el('table', { className: 'tasks' });
tasksTable.setAttribute('aria-label', 'Cost per agent task');
const regretHeading = el('h2', { text: 'Regret: cheap answers redone on the frontier' });
const regretNote = el('p', {
  className: 'note',
  text: 'A cheap answer is regretted when the next call of its conversation was "Retry with frontier" or a pushback escalation.',
});
const regretTable = el('table', { className: 'regret' });
regretTable.setAttribute('aria-label', 'Regret per model, preference and workspace');
const acceptanceHeading = el('h2', { text: 'Completions: accept rate' });
const acceptanceNote = el('p', {
  className: 'note',
  text: 'Of the inline suggestions shown, the share accepted. Empty: answers with nothing left to show after clean-up.',
});
const acceptanceTable = el('table', { className: 'acceptance' });
acceptanceTable.setAttribute('aria-label', 'Completion accept rate per model and language');
const conversationsHeading = el('h2', { text: 'Dearest conversations and agent tasks' });
const conversationsTable = el('table', { className: 'conversations' });
conversationsTable.setAttribute('aria-label', 'Cost per conversation and agent task');
document.body.append(
  el('h1', { text: 'Gearshift spend' }),
  toolbar,
  cards,
  chartBox,
  emptyNote,
  table,
  regretHeading,
  regretNote,
  regretTable,
  acceptanceHeading,
  acceptanceNote,
  acceptanceTable,
  conversationsHeading,
  conversationsTable,
  tasksHeading,
  tasksTable,
);

let view: SpendView | undefined;
let chart: uPlot | undefined;

function sendFilter(): void {
  vscode.postMessage({ type: 'filter', period: periodSelect.value as Period, workspaceId: workspaceSelect.value || null });
}
workspaceSelect.addEventListener('change', sendFilter);
periodSelect.addEventListener('change', sendFilter);
exportButton.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));

function card(label: string, value: string, note?: string): HTMLElement {
  return el(
    'div',
    { className: 'card' },
    el('div', { className: 'label', text: label }),
    el('div', { className: 'value', text: value }),
    el('div', { className: 'note', text: note ?? '' }),
  );
}

function renderFilters(v: SpendView): void {
  workspaceSelect.replaceChildren();
  const all = el('option', { text: 'All workspaces' });
  all.value = '';
  workspaceSelect.append(all);
  for (const w of v.workspaces) {
    const o = el('option', { text: w.id === v.currentWorkspaceId ? `${w.name} (this window)` : w.name });
    o.value = w.id;
    workspaceSelect.append(o);
  }
  workspaceSelect.value = v.workspaceId ?? '';
  periodSelect.value = v.period;
}

function calls(n: number): string {
  return `${n} call${n === 1 ? '' : 's'}`;
}

function renderCards(v: SpendView): void {
  const t = v.totals;
  const saved = t.savedFraction;
  cards.replaceChildren(
    card('Spend', formatUsd(t.costUsd), calls(t.calls)),
    card('Cheap tier', formatUsd(t.byTier.cheap.costUsd), calls(t.byTier.cheap.calls)),
    card('Frontier tier', formatUsd(t.byTier.frontier.costUsd), calls(t.byTier.frontier.calls)),
    card(
      'Saved vs all-frontier',
      saved === undefined ? '—' : formatUsd(t.savedUsd),
      saved === undefined ? 'nothing to compare' : `${Math.round(saved * 100)}% of ${formatUsd(t.frontierCostUsd)}`,
    ),
    card(
      'Regret',
      v.regret.total.rate === undefined ? '—' : regretText(v.regret.total).split(' ')[0],
      v.regret.total.rate === undefined
        ? 'no cheap answers in a conversation'
        : `${v.regret.total.regretted} of ${v.regret.total.answers} cheap answers redone on the frontier`,
    ),
    card('Unpriced calls', String(t.unpriced), t.unpriced ? 'add prices in the gearshift.prices setting' : ''),
  );
}

/** Regret per model, per preference and per workspace: one section of rows each. */
function renderRegret(v: SpendView): void {
  const r = v.regret;
  const any = r.total.answers > 0;
  for (const e of [regretHeading, regretNote, regretTable]) e.hidden = !any;
  const head = el(
    'tr',
    {},
    ...['', 'Cheap answers', 'Retried', 'Pushback', 'Regret'].map((h, i) => el('th', { text: h, className: i >= 1 ? 'num' : '' })),
  );
  const section = (title: string, rows: RegretRow[]): HTMLElement[] => [
    el('tr', { className: 'section' }, el('th', { text: title })),
    ...rows.map((row) =>
      el(
        'tr',
        {},
        el('td', { text: row.label }),
        el('td', { className: 'num', text: row.answers.toLocaleString() }),
        el('td', { className: 'num', text: row.retry.toLocaleString() }),
        el('td', { className: 'num', text: row.pushback.toLocaleString() }),
        el('td', { className: 'num', text: regretText(row) }),
      ),
    ),
  ];
  regretTable.replaceChildren(
    el('thead', {}, head),
    el(
      'tbody',
      {},
      ...section('By model', r.byModel),
      ...section('By preference', r.byPreference),
      ...section('By workspace', r.byWorkspace),
    ),
  );
}

/** The completion accept rate per model and per language: one section of rows each. */
function renderAcceptance(v: SpendView): void {
  const r = v.acceptance;
  const any = r.total.shown + r.total.empty > 0;
  for (const e of [acceptanceHeading, acceptanceNote, acceptanceTable]) e.hidden = !any;
  const head = el(
    'tr',
    {},
    ...['', 'Shown', 'Accepted', 'Empty', 'Accept rate'].map((h, i) => el('th', { text: h, className: i >= 1 ? 'num' : '' })),
  );
  const row = (label: string, x: AcceptanceRow): HTMLElement =>
    el(
      'tr',
      {},
      el('td', { text: label }),
      el('td', { className: 'num', text: x.shown.toLocaleString() }),
      el('td', { className: 'num', text: x.accepted.toLocaleString() }),
      el('td', { className: 'num', text: x.empty.toLocaleString() }),
      el('td', { className: 'num', text: acceptanceText(x) }),
    );
  const section = (title: string, rows: AcceptanceRow[]): HTMLElement[] => [
    el('tr', { className: 'section' }, el('th', { text: title })),
    ...rows.map((x) => row(x.key, x)),
  ];
  acceptanceTable.replaceChildren(
    el('thead', {}, head),
    el('tbody', {}, row('All completions', r.total), ...section('By model', r.byModel), ...section('By language', r.byLanguage)),
  );
}

/** The dearest conversations and agent tasks of the period, with their calls and cost. */
function renderConversations(v: SpendView): void {
  const any = v.conversations.length > 0;
  conversationsHeading.hidden = !any;
  conversationsTable.hidden = !any;
  conversationsHeading.textContent =
    v.conversationCount > v.conversations.length
      ? `Dearest conversations and agent tasks (${v.conversations.length} of ${v.conversationCount})`
      : `Conversations and agent tasks (${v.conversationCount})`;
  const head = el(
    'tr',
    {},
    ...['Started', 'Kind', 'Workspace', 'Calls', 'Cost'].map((h, i) => el('th', { text: h, className: i >= 3 ? 'num' : '' })),
  );
  const rows = v.conversations.map((c) => {
    const kind = el('td', { text: c.task === 'agent' ? 'agent task' : 'chat' });
    kind.title = `ledger key ${c.conversation}`;
    return el(
      'tr',
      {},
      el('td', { text: new Date(c.started).toLocaleString() }),
      kind,
      el('td', { text: c.workspaceName }),
      el('td', { className: 'num', text: c.calls.toLocaleString() }),
      el('td', {
        className: 'num',
        text: c.unpriced === c.calls ? 'unpriced' : formatTaskUsd(c.costUsd) + (c.unpriced ? ` (+${c.unpriced} unpriced)` : ''),
      }),
    );
  });
  conversationsTable.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

function renderTable(v: SpendView): void {
  const head = el(
    'tr',
    {},
    ...['Model', 'Tier', 'Calls', 'Input tokens', 'Output tokens', 'Cost'].map((h, i) =>
      el('th', { text: h, className: i >= 2 ? 'num' : '' }),
    ),
  );
  const rows = v.totals.byModel.map((m) =>
    el(
      'tr',
      {},
      modelCell(m.model, approximateNote(m)),
      el('td', { text: m.tier }),
      el('td', { className: 'num', text: m.calls.toLocaleString() }),
      el('td', { className: 'num', text: m.inputTokens.toLocaleString() }),
      el('td', { className: 'num', text: m.outputTokens.toLocaleString() }),
      el('td', {
        className: 'num',
        text: m.unpriced === m.calls ? 'unpriced' : formatUsd(m.costUsd) + (m.unpriced ? ` (+${m.unpriced} unpriced)` : ''),
      }),
    ),
  );
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

/** The latest agent tasks: when each started, its steps, the models that answered and its cost. */
function renderTasks(v: SpendView): void {
  const any = v.tasks.length > 0;
  tasksHeading.hidden = !any;
  tasksTable.hidden = !any;
  const head = el(
    'tr',
    {},
    ...['Started', 'Task', 'Steps', 'Models', 'Cost'].map((h, i) => el('th', { text: h, className: i === 2 || i === 4 ? 'num' : '' })),
  );
  const rows = v.tasks.map((t) => {
    const task = el('td', { text: t.taskId.slice(0, 8) });
    task.title = `task ${t.taskId} · ${t.workspaceName}`;
    return el(
      'tr',
      {},
      el('td', { text: new Date(t.started).toLocaleString() }),
      task,
      el('td', { className: 'num', text: String(t.steps) }),
      el('td', { text: t.models.join(', ') }),
      el('td', {
        className: 'num',
        text: t.unpriced === t.calls ? 'unpriced' : formatTaskUsd(t.costUsd) + (t.unpriced ? ` (+${t.unpriced} unpriced)` : ''),
      }),
    );
  });
  tasksTable.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

/** The model's name; under it, for a price from an approximate catalog match, which entry priced it. */
function modelCell(model: string, note: string | undefined): HTMLElement {
  const cell = el('td', { text: model });
  if (note) cell.append(el('div', { className: 'price-note', text: note }));
  return cell;
}

/** Stacked bars: the frontier series is drawn as cheap+frontier behind the cheap bars. */
function renderChart(v: SpendView): void {
  chart?.destroy();
  chart = undefined;
  const d = v.daily;
  const range = chartXRange(d);
  emptyNote.hidden = range !== undefined;
  chartBox.hidden = range === undefined;
  if (!range) return;
  const ticks = chartXTicks(d.dayStarts, range);
  const stacked = d.frontier.map((f, i) => f + d.cheap[i]);
  const fg = cssVar('--vscode-foreground', '#888');
  const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
  const blue = cssVar('--vscode-charts-blue', '#3794ff');
  const purple = cssVar('--vscode-charts-purple', '#b180d7');
  const bars = uPlot.paths.bars!({ size: [0.7, 48] });
  const raw = [d.frontier, d.cheap];
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  chart = new uPlot(
    {
      width: Math.max(320, chartBox.clientWidth),
      height: 260,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      // What the chart drew, for tests: the days at the centre of the first and last bar slots of its x axis.
      hooks: { setScale: [(u, key) => key === 'x' && showAxisDays(u)] },
      // The days with spend, never uPlot's own range (see chartXRange); one tick per day (or every k-th).
      scales: { x: { time: true, range: () => range }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          ...axis,
          splits: () => ticks,
          values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })),
        },
        // Wide enough for the longest label ("$0.00075"): a fixed width clipped small amounts at the left edge.
        { ...axis, size: (u, values) => yAxisWidth(u, values), values: (_u, ticks) => ticks.map((t) => formatUsd(t)) },
      ],
      series: [
        { label: 'Day', value: (_u, t) => (t === null ? '' : new Date(t * 1000).toLocaleDateString()) },
        {
          label: 'frontier',
          stroke: purple,
          fill: purple,
          paths: bars,
          points: { show: false },
          value: (_u, _v, _s, i) => (i === null ? '' : formatUsd(raw[0][i])),
        },
        {
          label: 'cheap',
          stroke: blue,
          fill: blue,
          paths: bars,
          points: { show: false },
          value: (_u, _v, _s, i) => (i === null ? '' : formatUsd(raw[1][i])),
        },
      ],
    },
    [d.dayStarts, stacked, d.cheap],
    chartBox,
  );
  chartBox.setAttribute('aria-label', `Spend per day, ${day(range[0] + 43200)} to ${day(range[1] - 43200)}`);
}

const day = (t: number | null | undefined): string => (typeof t === 'number' ? new Date(t * 1000).toDateString() : '');

function showAxisDays(u: uPlot): void {
  const { min, max } = u.scales.x;
  chartBox.dataset.xFrom = day(typeof min === 'number' ? min + 43200 : undefined);
  chartBox.dataset.xTo = day(typeof max === 'number' ? max - 43200 : undefined);
}

function render(): void {
  if (!view) return;
  renderFilters(view);
  renderCards(view);
  renderChart(view);
  renderTable(view);
  renderRegret(view);
  renderAcceptance(view);
  renderConversations(view);
  renderTasks(view);
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  if (e.data?.type === 'view') {
    view = e.data.view;
    render();
  }
});
// Colours follow the theme: redraw the chart when VS Code switches it (body class changes).
new MutationObserver(() => view && renderChart(view)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
new ResizeObserver(() => chart?.setSize({ width: Math.max(320, chartBox.clientWidth), height: 260 })).observe(chartBox);
vscode.postMessage({ type: 'ready' });

/** Pixels the y axis needs: its longest tick label measured in the axis font, plus the tick and a margin. */
function yAxisWidth(u: uPlot, values: string[] | null): number {
  if (!values || values.length === 0) return 60;
  u.ctx.save();
  u.ctx.font = u.axes[1].font?.[0] ?? '12px sans-serif';
  const widest = Math.max(...values.map((v) => u.ctx.measureText(v).width));
  u.ctx.restore();
  return Math.ceil(widest / devicePixelRatio) + 24;
}
