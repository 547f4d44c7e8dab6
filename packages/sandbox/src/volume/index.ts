import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';

export function volumeApp(_site: SiteContext): Hono {
  return new Hono();
}

export function seedVolume(_site: SiteContext): void {}
