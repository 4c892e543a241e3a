/**
 * A model's tool-call arguments, checked before a tool runs: JSON text that must parse to an object and match the
 * tool's input schema (Ajv, JSON Schema 2020-12). What is wrong goes back to the model as a tool error it can fix;
 * nothing here throws.
 */
import type { default as Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { LruCache } from '../lru';
import type { ToolDefinition } from '../toolCalls';

export type CheckedArguments = { ok: true; input: Record<string, unknown> } | { ok: false; message: string };

let ajvInstance: Ajv2020 | undefined;

/**
 * Ajv, loaded on the first check (a vendor file of the bundles, never at activation). Tools come from Gearshift and
 * from other extensions and MCP servers, whose schemas may use keywords or formats Ajv does not know: those are
 * ignored (strict off) rather than making the tool unusable.
 */
function ajv(): Ajv2020 {
  if (!ajvInstance) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv/dist/2020') as { default: typeof Ajv2020 }).default;
    ajvInstance = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
  }
  return ajvInstance;
}

/**
 * Compiled validators (undefined: the schema does not compile; only "an object" is checked), per definition object
 * and, for definitions rebuilt per task (other extensions' tools), per schema text: compiling takes milliseconds.
 */
const byDefinition = new WeakMap<ToolDefinition, ValidateFunction | undefined>();
const bySchema = new LruCache<{ fn: ValidateFunction | undefined }>(256);

function validatorOf(def: ToolDefinition): ValidateFunction | undefined {
  if (byDefinition.has(def)) return byDefinition.get(def);
  const key = JSON.stringify(def.inputSchema);
  const cached = bySchema.get(key);
  let fn = cached?.fn;
  if (!cached) {
    try {
      // A "$schema" naming another draft would make Ajv look for that meta-schema; the keywords are what matter.
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { $schema, $id, ...schema } = def.inputSchema;
      fn = ajv().compile(schema);
    } catch {
      fn = undefined;
    }
    bySchema.set(key, { fn });
  }
  byDefinition.set(def, fn);
  return fn;
}

/** Most schema errors named in one message (a model fixes the first few; a long list only costs tokens). */
const MAX_ERRORS = 5;

/** Checks `args` (the model's JSON text; '' means no arguments) against the tool's input schema. */
export function checkArguments(def: ToolDefinition, args: string): CheckedArguments {
  let value: unknown;
  if (args.trim() === '') value = {};
  else {
    try {
      value = JSON.parse(args);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, message: `The arguments for ${def.name} are not valid JSON (${why}). Send one JSON object.` };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
    return { ok: false, message: `The arguments for ${def.name} must be a JSON object, but are ${kind}.` };
  }
  const validate = validatorOf(def);
  if (validate && !validate(value)) {
    const errors = validate.errors ?? [];
    const listed = errors.slice(0, MAX_ERRORS).map(describeError);
    const more = errors.length > MAX_ERRORS ? `; and ${errors.length - MAX_ERRORS} more` : '';
    return { ok: false, message: `The arguments for ${def.name} do not match its schema: ${listed.join('; ')}${more}.` };
  }
  return { ok: true, input: value as Record<string, unknown> };
}

/** "path must be string", "(root) must have required property 'path'", "extra must NOT be present (additionalProperties)". */
function describeError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(arguments)';
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${where} has unknown property '${String(params.additionalProperty)}'`;
  if (e.keyword === 'enum') return `${where} must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}
