import type { Context } from 'hono';
import { GlanceError } from './errors.js';

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
