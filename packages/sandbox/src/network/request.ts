import type { Context } from 'hono';
import { z } from 'zod';
import { badRequest } from './errors.js';

/**
 * Reads `{"<resource>": {...}}` and validates the inner object, answering with the 400s neutron
 * gives (neutron/api/v2/base.py prepare_request_body, neutron-lib attribute validators).
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  resource: string,
  schema: S,
  readOnly: readonly string[] = [],
): Promise<z.output<S>> {
  const outer = await readJson(c);
  if (typeof outer !== 'object' || outer === null || Array.isArray(outer) || !(resource in outer)) {
    throw badRequest(`Unable to find '${resource}' in request body`);
  }
  const inner = (outer as Record<string, unknown>)[resource];
  if (typeof inner === 'object' && inner !== null) {
    const key = readOnly.find((name) => name in inner);
    if (key) throw badRequest(`Cannot update read-only attribute ${key}`);
  }
  return validate(inner, schema);
}

/** The raw JSON of a request body; an empty or unparsable body is a 400 as in neutron's wsgi. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('Resource body required');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Malformed request body');
  }
}

export function validate<S extends z.ZodType>(value: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw badRequest(`Unrecognized attribute(s) '${issue.keys.join(', ')}'`);
  }
  const field = issue?.path.map(String).join('.') ?? '';
  if (field === '') throw badRequest(`Invalid input: ${issue?.message ?? 'bad request body'}`);
  throw badRequest(`Invalid input for ${field}. Reason: ${issue?.message ?? 'invalid value'}.`);
}

/**
 * The attributes of an update request that were given: zod leaves optional absent keys as
 * undefined, and spreading those over a stored body would erase its values. `keys` restricts
 * them to those the handler copies as they are.
 */
export function definedFields<T extends object, K extends keyof T = keyof T>(
  request: T,
  keys?: readonly K[],
): Partial<Pick<T, K>> {
  return Object.fromEntries(
    Object.entries(request).filter(
      ([key, value]) => value !== undefined && (!keys || (keys as readonly string[]).includes(key)),
    ),
  ) as Partial<Pick<T, K>>;
}

// Building blocks shared by the resource schemas.
export const zName = z.string().max(255);
export const zDescription = z.string().max(255);
export const zProject = z.string().max(255);
export const zId = z.uuid({ message: 'is not a valid UUID' });
/** neutron-lib convert_to_boolean accepts "true"/"false" strings and 0/1 too. */
export const zBool = z.union([
  z.boolean(),
  z
    .enum(['true', 'false', 'True', 'False', '1', '0'])
    .transform((value) => value.toLowerCase() === 'true' || value === '1'),
  z.union([z.literal(0), z.literal(1)]).transform((value) => value === 1),
]);
export const zTags = z.array(
  z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^,]*$/, "tag contains ','"),
);
