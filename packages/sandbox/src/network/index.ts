import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';

export function networkApp(_site: SiteContext): Hono {
  return new Hono();
}

export function seedNetwork(_site: SiteContext): void {}
