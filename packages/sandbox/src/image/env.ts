import type { Context, Hono } from 'hono';
import type { AuthEnv } from '../keystone/auth.js';
import type { Viewer } from './image-model.js';

export type GlanceApp = Hono<AuthEnv>;
export type GlanceContext = Context<AuthEnv>;

export function viewerOf(c: GlanceContext): Viewer {
  const auth = c.get('auth');
  return { projectId: auth.projectId, isAdmin: auth.isAdmin };
}

/** Glance answers 204s with no body and no content type. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}
