import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';

export function computeApp(_site: SiteContext): Hono {
  return new Hono();
}

export function seedCompute(_site: SiteContext): void {}
