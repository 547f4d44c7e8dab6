import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { CinderError } from './errors.js';
import type { ViewContext } from './serialize.js';

export interface CinderEnv {
  Variables: { auth: AuthContext; mv: number };
}

export type CinderApp = Hono<CinderEnv>;
export type CinderContext = Context<CinderEnv>;

export function viewOf(site: SiteContext, c: CinderContext): ViewContext {
  return { site, mv: c.get('mv'), isAdmin: c.get('auth').isAdmin };
}

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
