import type { Context, Hono } from 'hono';
import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import type { ViewContext } from './volume-view.js';

export interface CinderEnv {
  Variables: { auth: AuthContext; mv: number };
}

export type CinderApp = Hono<CinderEnv>;
export type CinderContext = Context<CinderEnv>;

export function viewOf(site: SiteContext, c: CinderContext): ViewContext {
  return { site, mv: c.get('mv'), isAdmin: c.get('auth').isAdmin };
}
