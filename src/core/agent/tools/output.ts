/**
 * What every Gearshift tool does with its answer and its input: results of each outcome, secrets redacted from
 * everything a model will read, and plain checks of the input's fields (the loop checked the schema already;
 * these keep a tool safe when called otherwise, e.g. by VS Code's own agent).
 */
import { redactSecrets } from '../../privacy/redact';
import type { ToolDetail, ToolOutput } from '../types';

/** Secrets replaced by «redacted:kind» placeholders. */
export function redact(text: string): string {
  return redactSecrets(text).text;
}

export function ok(content: string, detail?: ToolDetail): ToolOutput {
  return { content: redact(content), outcome: 'ok', ...(detail ? { detail } : {}) };
}

/** The tool could not do what was asked (file missing, pattern invalid, oldText not found…). */
export function toolError(message: string): ToolOutput {
  return { content: redact(message), outcome: 'toolError' };
}

/** Gearshift will not do it (an excluded or secret file, a path outside the workspace). */
export function refused(message: string): ToolOutput {
  return { content: redact(message), outcome: 'refused' };
}

/** Thrown by the input helpers; a tool turns it into a toolError result. */
export class InputError extends Error {}

export function requiredString(input: Record<string, unknown>, key: string): string {
  const v = input[key];
  if (typeof v !== 'string' || v.trim() === '') throw new InputError(`"${key}" must be a non-empty string.`);
  return v;
}

export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`"${key}" must be a string.`);
  return v.trim() === '' ? undefined : v;
}

export function optionalBoolean(input: Record<string, unknown>, key: string): boolean | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new InputError(`"${key}" must be true or false.`);
  return v;
}

/** A whole number ≥ min; undefined when absent. */
export function optionalInteger(input: Record<string, unknown>, key: string, min: number): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`"${key}" must be a whole number ≥ ${min}.`);
  return v;
}

/**
 * Runs a tool body: a thrown InputError or any other Error becomes a toolError result naming the tool (a tool
 * never rejects for bad input or a failing host); an aborted signal says so.
 */
export async function guarded(name: string, signal: AbortSignal, body: () => Promise<ToolOutput>): Promise<ToolOutput> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof InputError) return toolError(`${name}: ${e.message}`);
    if (signal.aborted) return toolError(`${name} was stopped.`);
    return toolError(`${name} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Lets the event loop run (so a long scan never stalls the extension host). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Longest run of a loop between two yields to the event loop. */
export const SLICE_MS = 15;

/**
 * For loops over many files: `tick()` yields to the event loop once SLICE_MS have passed since the last yield.
 * (Awaiting a host call that answers at once does not: a resolved promise continues in the same task.)
 */
export class Slicer {
  private until: number;
  constructor(private readonly now: () => number = Date.now) {
    this.until = now() + SLICE_MS;
  }
  async tick(): Promise<void> {
    if (this.now() < this.until) return;
    await yieldToLoop();
    this.until = this.now() + SLICE_MS;
  }
}

/** True when text looks binary: a NUL in its first 8 KiB. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

/** "1.5 MiB", "12 KiB", "300 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
