import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import { validationHook } from '../validation.js';
import { contentTypeOf, looksLikeAsset } from './content-types.js';
import { registerImageCatalogueRoute } from './image-catalogue.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The built dashboard (a single-page app) at /dashboard/: files as they are, and index.html
 * for every other path that does not name a static file, so client-side routes survive a
 * reload. The folder is read from the config at each request (tests and `serve` set it late).
 */
export function dashboardRoutes(ctx: HubContext): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  registerImageCatalogueRoute(app, ctx);

  app.get('/', (c) => c.redirect('/dashboard/', 302));
  app.get('/dashboard', (c) => c.redirect('/dashboard/', 301));

  const serve = async (c: Context) => {
    const root = ctx.config.dashboardDir ? resolve(ctx.config.dashboardDir) : undefined;
    const index = root && join(root, 'index.html');
    if (!root || !index || !(await isFile(index))) {
      throw new HubError(
        'NOT_FOUND',
        'the dashboard is not built: run `npm run build` (it builds packages/dashboard into packages/hub/public/dashboard)',
      );
    }
    const rawPath = new URL(c.req.url).pathname;
    let relative: string;
    try {
      relative = decodeURIComponent(rawPath.slice('/dashboard/'.length));
    } catch {
      throw new HubError('BAD_REQUEST', `malformed path: ${c.req.path}`);
    }
    const file = resolve(root, relative);
    // Never serve anything outside the dashboard folder (../ or encoded variants).
    if (file !== root && !file.startsWith(root + sep)) {
      throw new HubError('NOT_FOUND', `no such file: ${c.req.path}`);
    }
    if (relative !== '' && (await isFile(file))) {
      // Vite puts content-hashed names under assets/; those never change.
      const cache = relative.startsWith('assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
      return c.body(await readFile(file), 200, {
        'content-type': contentTypeOf(file),
        'cache-control': cache,
      });
    }
    if (looksLikeAsset(relative)) {
      throw new HubError('NOT_FOUND', `no such file: ${c.req.path}`);
    }
    return c.body(await readFile(index), 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
    });
  };
  app.get('/dashboard/', serve);
  app.get('/dashboard/*', serve);
  return app;
}
