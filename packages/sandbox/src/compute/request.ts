import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest } from './errors.js';

/** The request body as JSON; Nova answers undecodable bodies with this exact message. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('Malformed request body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Malformed request body');
  }
}

/** Reads and validates a body with a zod schema, failing like Nova's JSON-Schema validation. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return validate(schema, await readJson(c));
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw badRequest(issue ? describeIssue(issue, input) : 'Malformed request body');
}

/**
 * Renders a zod issue the way nova/api/validation/validators.py renders a jsonschema error:
 * "Invalid input for field/attribute <last path element>. Value: <value>. <message>".
 */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = [...issue.path];
  const value = valueAt(input, path);
  if (issue.code === 'invalid_type' && value === undefined && path.length > 0) {
    // jsonschema reports a missing property on the parent object.
    const missing = String(path.pop());
    return format(path, valueAt(input, path), `'${missing}' is a required property`);
  }
  return format(path, value, message(issue, value));
}

function format(path: PropertyKey[], value: unknown, text: string): string {
  if (path.length === 0) return text;
  return `Invalid input for field/attribute ${String(path[path.length - 1])}. Value: ${show(value)}. ${text}`;
}

function message(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${pyRepr(value)} is not of type '${jsonType(issue.expected)}'`;
    case 'too_small':
      if (issue.origin === 'string') return `${pyRepr(value)} is too short`;
      if (issue.origin === 'array') return `${pyRepr(value)} is too short`;
      return `${pyRepr(value)} is less than the minimum of ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string' || issue.origin === 'array')
        return `${pyRepr(value)} is too long`;
      return `${pyRepr(value)} is greater than the maximum of ${String(issue.maximum)}`;
    case 'invalid_value':
      return `${pyRepr(value)} is not one of [${issue.values.map((v) => pyRepr(v)).join(', ')}]`;
    case 'unrecognized_keys':
      return `Additional properties are not allowed (${issue.keys.map((k) => `'${k}'`).join(', ')} ${issue.keys.length === 1 ? 'was' : 'were'} unexpected)`;
    case 'invalid_format':
      return `${pyRepr(value)} does not match '${issue.pattern ?? issue.format}'`;
    default:
      return issue.message;
  }
}

function jsonType(expected: string): string {
  if (expected === 'int' || expected === 'number') return 'integer';
  if (expected === 'record') return 'object';
  return expected;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return pyRepr(value);
}

/** Python's repr of a JSON value, since Nova's messages are built from it. */
function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v)).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `'${k}': ${pyRepr(v)}`)
    .join(', ')}}`;
}

/** Nova's integer query parameters (limit, minRam ...) are strings on the wire. */
export function queryInt(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) {
    throw badRequest(
      `Invalid input for query parameters ${name}. Value: ${value}. '${value}' does not match '^[0-9]*$'`,
    );
  }
  return Number(value);
}
