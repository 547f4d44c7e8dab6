import type { Context } from 'hono';
import type { z } from 'zod';
import { CinderError } from './errors.js';

/** cinder/api/openstack/wsgi.py: a body that is not JSON is "Malformed request body". */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CinderError(400, 'Malformed request body');
  }
}

/** Validates a request body, answering like cinder's jsonschema validation ("Invalid input for field/attribute …"). */
export function validate<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).at(-1) ?? 'body';
  throw new CinderError(400, `Invalid input for field/attribute ${field}. ${issue.message}`);
}
