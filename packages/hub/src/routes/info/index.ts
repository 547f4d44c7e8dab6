import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authenticate } from '../../auth/authenticate.js';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import {
  currentDocumentOf,
  infoHistory,
  invalidDocumentError,
  publishSiteInfo,
  reportSiteFailing,
  siteFlavors,
  siteImages,
  validateGlueDocument,
} from '../../info/index.js';
import { DEFAULT_INFO_POLICY } from '../../config.js';
import { refuseControlCharacters } from '../control-characters.js';
import { validationHook } from '../validation.js';
import { parseJson, readJsonBody } from './body.js';
import { documentRoutes, healthReportSchema } from './openapi.js';
import { PublishLimiter } from './publish-limiter.js';

const HISTORY_DEFAULT = 20;
const HISTORY_MAX = 500;

/**
 * The information system's native API: sites publish their GLUE 2.1 document (the role of
 * cloud-info-provider's upload to the cloud-info bucket, with the hub validating it first), and
 * anyone reads it back, its history and the images and flavors it lists.
 */
export function infoRoutes(ctx: HubContext): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const db = ctx.database.db;
  const policy = ctx.config.info ?? DEFAULT_INFO_POLICY;
  const limiter = new PublishLimiter(policy.publishesPerMinute);

  async function requireSiteId(name: string): Promise<number> {
    const row = await db
      .selectFrom('sites')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw new HubError('NOT_FOUND', `no site named ${name}`, { site: name });
    return row.id;
  }

  /** Who publishes for which registered site, admitted by the rate limit. */
  async function admitPublisher(c: Context, site: string) {
    const principal = await authenticate(ctx, c);
    assertAllowed(principal, 'info.publish', { site });
    const siteRow = await db
      .selectFrom('sites')
      .select('id')
      .where('name', '=', site)
      .executeTakeFirst();
    if (!siteRow) {
      throw new HubError(
        'NOT_FOUND',
        `site ${site} is not registered in this hub; register it first (POST /api/v1/sites, a federation admin's task), then publish again`,
        { site },
      );
    }
    const publisher = principal.kind === 'anonymous' ? '' : principal.subject;
    const wait = limiter.admit(publisher, site, ctx.now().getTime());
    if (wait > 0) {
      throw new HubError(
        'TOO_MANY_REQUESTS',
        `too many publications for site ${site}: at most ${policy.publishesPerMinute} a minute; retry in ${wait} s`,
        { site, retryAfterSeconds: wait },
        { retryAfterSeconds: wait },
      );
    }
    return { siteId: siteRow.id, publisher };
  }

  app.put('/api/v1/sites/:site/info', async (c) => {
    const site = c.req.param('site');
    const { siteId, publisher } = await admitPublisher(c, site);
    const body = await readJsonBody(c.req.raw, ctx.config.maxDocumentBytes);
    const value = parseJson(body);
    refuseControlCharacters(value, 'the document');
    const now = ctx.now();
    const checked = validateGlueDocument(value, { site, now });
    if (!checked.ok) throw invalidDocumentError(checked.issues);
    const result = await publishSiteInfo(db, ctx.info, {
      siteId,
      body,
      validated: checked.value,
      publisher,
      now,
      policy,
    });
    return c.json(result, 201);
  });

  // What an agent sends instead of a document when it cannot read its site.
  app.put('/api/v1/sites/:site/info/health', async (c) => {
    const site = c.req.param('site');
    const { siteId, publisher } = await admitPublisher(c, site);
    const raw = parseJson(await readJsonBody(c.req.raw, 64 * 1024));
    refuseControlCharacters(raw, 'the health report');
    const parsed = healthReportSchema.safeParse(raw);
    if (!parsed.success) {
      throw new HubError('BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '), {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const report = await reportSiteFailing(db, ctx.info, {
      siteId,
      reason: parsed.data.reason,
      publisher,
      now: ctx.now(),
    });
    return c.json(report, 200);
  });

  app.get('/api/v1/sites/:site/info', async (c) => {
    const site = c.req.param('site');
    await requireSiteId(site);
    const current = await currentDocumentOf(db, site);
    if (!current) {
      throw new HubError('NOT_FOUND', `site ${site} has published no information yet`, { site });
    }
    const row = await db
      .selectFrom('info_documents')
      .select('body')
      .where('id', '=', current.documentId)
      .executeTakeFirstOrThrow();
    const stale = Date.parse(current.expiresAt) <= ctx.now().getTime();
    return c.body(row.body, 200, {
      'content-type': 'application/json; charset=utf-8',
      'x-info-document-id': String(current.documentId),
      'x-info-published-at': current.publishedAt,
      'x-info-expires-at': current.expiresAt,
      'x-info-status': stale ? 'stale' : 'fresh',
    });
  });

  app.get('/api/v1/sites/:site/info/history', async (c) => {
    const site = c.req.param('site');
    const raw = c.req.query('limit');
    let limit = HISTORY_DEFAULT;
    if (raw !== undefined) {
      limit = Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_MAX) {
        throw new HubError(
          'BAD_REQUEST',
          `limit must be a whole number from 1 to ${HISTORY_MAX}, not "${raw}"`,
          { issues: [{ path: 'limit', message: `expected 1..${HISTORY_MAX}` }] },
        );
      }
    }
    const siteId = await requireSiteId(site);
    return c.json(await infoHistory(db, ctx.info, siteId, limit));
  });

  app.get('/api/v1/sites/:site/images', async (c) => {
    const site = c.req.param('site');
    await requireSiteId(site);
    const vo = c.req.query('vo');
    const images = (await siteImages(db, ctx.info, site)) ?? [];
    return c.json(vo ? images.filter((i) => i.vo === vo) : images);
  });

  app.get('/api/v1/sites/:site/flavors', async (c) => {
    const site = c.req.param('site');
    await requireSiteId(site);
    const vo = c.req.query('vo');
    const flavors = (await siteFlavors(db, ctx.info, site)) ?? [];
    return c.json(vo ? flavors.filter((f) => f.vo === vo) : flavors);
  });

  for (const route of documentRoutes()) app.openAPIRegistry.registerPath(route);
  return app;
}
