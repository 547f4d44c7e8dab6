import type { Context, Hono } from 'hono';
import type { AuthEnv } from '../keystone/auth.js';
import { GlanceError } from './errors.js';
import type { Viewer } from './visibility.js';

export type GlanceApp = Hono<AuthEnv>;
export type GlanceContext = Context<AuthEnv>;

export function viewerOf(c: GlanceContext): Viewer {
  const auth = c.get('auth');
  return { projectId: auth.projectId, isAdmin: auth.isAdmin };
}

/** glance/common/wsgi.py JSONRequestDeserializer: unparsable bodies are 400 with this text. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new GlanceError(400, 'Body expected in request.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GlanceError(400, 'Malformed JSON in request body.');
  }
}

/** Media type of the request without parameters, lower-cased. */
export function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Glance answers 204s with no body and no content type. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}
