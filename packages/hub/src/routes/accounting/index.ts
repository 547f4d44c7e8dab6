import { createRoute, type Hook, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  accountingSites,
  accountingUsage,
  assertUsageVisible,
  exportSummaries,
  ingestCloudMessage,
  type Month,
  type UsageDimension,
} from '../../accounting/index.js';
import { authenticate } from '../../auth/authenticate.js';
import { assertAllowed, isAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import { type HubEnv, principal } from '../registry/principal.js';
import { bearer, errors, json } from '../registry/responses.js';
import { validationHook } from '../validation.js';
import { readMessageBody } from './body.js';
import {
  AccountingSiteSchema,
  BATCH_ID,
  batchRoute,
  ExportQuerySchema,
  UsageQuerySchema,
  UsageResponseSchema,
} from './schemas.js';

const tags = ['accounting'];

/**
 * The accounting repository's API: sites send their cloud records in batches (the role of SSM
 * sending to the APEL server), and anyone reads usage summed per site, VO and month, with more
 * detail for those who answer for it (accounting/visibility.ts).
 */
export function accountingRoutes(ctx: HubContext): OpenAPIHono<HubEnv> {
  const defaultHook = validationHook as unknown as Hook<unknown, HubEnv, string, unknown>;
  const app = new OpenAPIHono<HubEnv>({ defaultHook });
  const db = ctx.database.db;

  app.put('/api/v1/sites/:site/accounting/batches/:batchId', async (c) => {
    const site = c.req.param('site');
    const batchId = c.req.param('batchId');
    const who = await authenticate(ctx, c);
    assertAllowed(who, 'accounting.publish', { site });
    if (!BATCH_ID.test(batchId)) {
      throw new HubError(
        'BAD_REQUEST',
        `a batch id is 1-128 letters, digits, ".", "_", ":", "~" or "-", starting with a letter or digit, not "${batchId.slice(0, 60)}"`,
        { issues: [{ path: 'batchId', message: 'bad batch id' }] },
      );
    }
    const body = await readMessageBody(c.req.raw);
    const result = await ingestCloudMessage(ctx.database, {
      site,
      batchId,
      body,
      publisher: who.kind === 'anonymous' ? '' : who.subject,
      receivedAt: ctx.now(),
    });
    return c.json(result, result.duplicate ? 200 : 201);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/accounting/usage',
      tags,
      summary:
        'Usage summed per group (wall and CPU time, VM-months, memory, disk), from the summaries; per-user and finer detail only for who answers for it',
      middleware: [principal(ctx)],
      request: { query: UsageQuerySchema },
      responses: {
        200: json(UsageResponseSchema, 'one row per group, ordered by the grouped dimensions'),
        ...errors(400, 401, 403),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const range = monthRange(query.from, query.to);
      const groupBy = [
        ...new Set((query.groupBy ?? '').split(',').filter(Boolean)),
      ] as UsageDimension[];
      const usageQuery = {
        groupBy,
        ...(query.site === undefined ? {} : { site: query.site }),
        ...(query.vo === undefined ? {} : { vo: query.vo }),
        ...(query.user === undefined ? {} : { user: query.user }),
        ...range,
      };
      assertUsageVisible(c.get('principal'), usageQuery);
      const rows = await accountingUsage(db, usageQuery);
      return c.json({ groupBy, from: query.from ?? null, to: query.to ?? null, rows }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/accounting/sites',
      tags,
      summary:
        'Each site: when its last record arrived, how far its records reach, how many it sent',
      responses: { 200: json(z.array(AccountingSiteSchema), 'every registered site, by name') },
    }),
    async (c) => c.json(await accountingSites(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/accounting/export',
      tags,
      summary:
        'The summaries as one APEL-cloud-summary-message v0.4, user names included (site-admin of site=, or federation-admin)',
      security: bearer,
      middleware: [principal(ctx, 'accounting.export')],
      request: { query: ExportQuerySchema },
      responses: {
        200: {
          description: 'The message, as an APEL server sends it on',
          content: { 'text/plain': { schema: z.string() } },
        },
        ...errors(400, 401, 403),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const who = c.get('principal');
      const target = query.site === undefined ? {} : { site: query.site };
      if (!isAllowed(who, 'accounting.export', target)) {
        throw new HubError(
          'FORBIDDEN',
          `${who.kind === 'anonymous' ? 'anonymous' : who.subject} may not export ${query.site ? `site ${query.site}'s` : "every site's"} summaries: needs site-admin of the site (with site=) or federation-admin`,
          { action: 'accounting.export', ...target },
        );
      }
      const { text, count } = await exportSummaries(db, {
        ...target,
        ...monthRange(query.from, query.to),
      });
      return c.text(text, 200, { 'x-summary-count': String(count) });
    },
  );

  app.openAPIRegistry.registerPath(batchRoute());
  return app;
}

function parseMonth(text: string): Month {
  const [year, month] = text.split('-').map(Number);
  return { year: year!, month: month! };
}

function monthRange(
  from: string | undefined,
  to: string | undefined,
): { from?: Month; to?: Month } {
  if (from !== undefined && to !== undefined && from > to) {
    throw new HubError('BAD_REQUEST', `from (${from}) is after to (${to})`, {
      issues: [{ path: 'from', message: 'after to' }],
    });
  }
  return {
    ...(from === undefined ? {} : { from: parseMonth(from) }),
    ...(to === undefined ? {} : { to: parseMonth(to) }),
  };
}
