import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';

export function keystoneApp(_site: SiteContext): Hono {
  return new Hono();
}

export function seedIdentity(_site: SiteContext): void {}
