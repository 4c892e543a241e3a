import { TASKS, TIERS, type Attachment, type ChatMessage, type RouteRequest, type Task } from '../types';
import type { ResolvedSettings } from '../settings/model';
import { Router, type RouterOptions } from './router';

/**
 * The CLI's routing commands as functions (argv parsing lives in src/cli). Input records are JSON:
 * { "id", "messages": [{ "role", "content" }], "attachments": [{ "path", "language"?, "text" }],
 * "task"?: "chat" | "completion" | "commitMessage", "language"?, "filePath"?, "conversationId"?,
 * "override"? }. Output: { "id", "tier", "model", "reason" } (plus "blocked" when the budget or a
 * lack of usable models stops the request), or { "id", "error" } for a bad record. No network, no keys.
 */

export interface RouteLine {
  id: string | null;
  tier?: string;
  model?: string | null;
  reason?: string;
  blocked?: string;
  error?: string;
}

/** Routes one JSON line per input line; blank lines are skipped, bad lines yield { id, error }. */
export function routeBatch(lines: readonly string[], settings: ResolvedSettings, opts?: RouterOptions): string[] {
  const router = new Router(settings, opts);
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== '') out.push(JSON.stringify(routeRecord(router, line, `line ${i + 1}`)));
  });
  return out;
}

/** Routes a single JSON record. */
export function routeOne(json: string, settings: ResolvedSettings, opts?: RouterOptions): string {
  return JSON.stringify(routeRecord(new Router(settings, opts), json, 'input'));
}

function routeRecord(router: Router, line: string, where: string): RouteLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { id: null, error: `${where} is not valid JSON (${(e as Error).message}).` };
  }
  const parsed = toRequest(raw, where);
  if ('error' in parsed) return parsed;
  const d = router.decide(parsed.req);
  const out: RouteLine = { id: parsed.id, tier: d.tier, model: d.chain[0]?.name ?? null, reason: d.reason };
  if (d.blocked) out.blocked = d.blocked;
  return out;
}

function toRequest(raw: unknown, where: string): { id: string | null; req: RouteRequest } | { id: string | null; error: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { id: null, error: `${where} must be a JSON object with "id" and "messages".` };
  const r = raw as Record<string, unknown>;
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : null;
  const fail = (error: string): { id: string | null; error: string } => ({ id, error: `${id ?? where}: ${error}` });
  const task = r.task ?? 'chat';
  if (!TASKS.includes(task as Task)) return fail(`"task" must be one of ${TASKS.join(', ')}, not ${JSON.stringify(task)}.`);
  const messages = r.messages ?? [];
  if (!Array.isArray(messages) || !messages.every(isMessage))
    return fail('"messages" must be a list of { "role": "user" | "assistant" | "system", "content": string }.');
  if (task === 'chat' && !messages.some((m) => m.role === 'user')) return fail('a chat record needs at least one user message.');
  const attachments = r.attachments ?? [];
  if (!Array.isArray(attachments) || !attachments.every(isAttachment))
    return fail('"attachments" must be a list of { "path": string, "language"?: string, "text": string }.');
  const req: RouteRequest = { task: task as Task, messages: messages as ChatMessage[], attachments: attachments as Attachment[] };
  for (const k of ['language', 'filePath', 'conversationId'] as const) {
    if (r[k] === undefined) continue;
    if (typeof r[k] !== 'string') return fail(`"${k}" must be a string.`);
    req[k] = r[k] as string;
  }
  const ov = r.override;
  if (ov !== undefined) {
    if (typeof ov === 'string' && (TIERS as readonly string[]).includes(ov)) req.override = ov as RouteRequest['override'];
    else if (ov && typeof ov === 'object' && typeof (ov as { model?: unknown }).model === 'string')
      req.override = { model: (ov as { model: string }).model };
    else return fail('"override" must be "cheap", "frontier" or { "model": name }.');
  }
  return { id, req };
}

function isMessage(m: unknown): m is ChatMessage {
  const o = m as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && ['user', 'assistant', 'system'].includes(o.role as string) && typeof o.content === 'string';
}

function isAttachment(a: unknown): a is Attachment {
  const o = a as Record<string, unknown> | null;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.path === 'string' &&
    typeof o.text === 'string' &&
    (o.language === undefined || typeof o.language === 'string')
  );
}
