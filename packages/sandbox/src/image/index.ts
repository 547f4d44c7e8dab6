import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';

export function imageApp(_site: SiteContext): Hono {
  return new Hono();
}

export function seedImages(_site: SiteContext): void {}
