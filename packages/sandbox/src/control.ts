import { Hono } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { faultsSchema, type FaultsPatch } from './site/faults.js';

export interface ControlTarget {
  status(): unknown;
  siteNames(): string[];
  getFaults(site: string): unknown;
  setFaults(site: string, patch: FaultsPatch): Promise<unknown>;
  /** Undefined for a user the sandbox does not know. */
  mintMytoken(
    username: string,
    options: { usesAt?: number; expiresInSeconds?: number },
  ): Promise<string | undefined>;
}

const patchSchema = faultsSchema.partial().strict();

const mytokenRequestSchema = z
  .object({
    username: z.string().min(1),
    usesAt: z.number().int().min(0).optional(),
    expiresInSeconds: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * The sandbox's own control API (loopback, bearer secret from the data folder): lets scripts and
 * tests inject faults into a running sandbox. Not an OpenStack API.
 */
export function controlApp(target: ControlTarget, secret: string): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    const given = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    if (!safeEqual(given, secret)) {
      return c.json(
        { error: 'missing or wrong control token (see control.json in the data folder)' },
        401,
      );
    }
    await next();
  });
  app.get('/status', (c) => c.json(target.status() as object));
  app.get('/sites/:site/faults', (c) => {
    const site = c.req.param('site');
    if (!target.siteNames().includes(site)) return unknownSite(c, site, target);
    return c.json(target.getFaults(site) as object);
  });
  app.on(['PUT', 'PATCH'], '/sites/:site/faults', async (c) => {
    const site = c.req.param('site');
    if (!target.siteNames().includes(site)) return unknownSite(c, site, target);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'body must be JSON' }, 400);
    }
    const parsed = patchSchema.safeParse(body);
    if (!parsed.success) {
      return c.json(
        { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
        400,
      );
    }
    return c.json((await target.setFaults(site, parsed.data)) as object);
  });
  // The mytoken server's signing key lives in this process: `fedcloud-sandbox mytoken` asks here.
  app.post('/mytokens', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'body must be JSON' }, 400);
    }
    const parsed = mytokenRequestSchema.safeParse(body);
    if (!parsed.success) {
      return c.json(
        { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
        400,
      );
    }
    const { username, ...options } = parsed.data;
    const mytoken = await target.mintMytoken(username, options);
    if (mytoken === undefined) return c.json({ error: `no seeded user "${username}"` }, 404);
    return c.json({ mytoken });
  });
  return app;
}

function unknownSite(
  c: { json: (body: unknown, status: 404) => Response },
  site: string,
  target: ControlTarget,
) {
  return c.json({ error: `no site named ${site}`, sites: target.siteNames() }, 404);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
