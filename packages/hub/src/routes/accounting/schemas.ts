import { type RouteConfig, z } from '@hono/zod-openapi';
import { USAGE_DIMENSIONS } from '../../accounting/index.js';
import { bearer, json } from '../registry/responses.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = (what: string) =>
  z.string().regex(MONTH, `${what} is a month, YYYY-MM`).optional().openapi({ example: '2026-01' });
const dimension = `(${USAGE_DIMENSIONS.join('|')})`;

/** A sender's batch id: its spool entry's name. Safe in a path, long enough for a UUID and more. */
export const BATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}$/;

export const UsageQuerySchema = z.object({
  site: z.string().min(1).max(100).optional().openapi({ example: 'IISAS-FedCloud' }),
  vo: z.string().min(1).max(255).optional().openapi({ example: 'vo.access.egi.eu' }),
  user: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: "GlobalUserName: a federated user's name is the token's sub" }),
  from: month('from'),
  to: month('to'),
  groupBy: z
    .string()
    .regex(
      new RegExp(`^${dimension}(,${dimension})*$`),
      `groupBy is a comma-separated list of ${USAGE_DIMENSIONS.join(', ')}`,
    )
    .optional()
    .openapi({ example: 'site,vo,month' }),
});

export const ExportQuerySchema = z.object({
  site: z.string().min(1).max(100).optional(),
  from: month('from'),
  to: month('to'),
});

const UsageRowSchema = z
  .object({
    site: z.string().optional(),
    vo: z.string().optional(),
    user: z.string().optional(),
    month: z.string().optional().openapi({ example: '2026-01' }),
    status: z.string().optional(),
    image: z.string().optional(),
    cpuCount: z.number().optional(),
    wallSeconds: z.number(),
    wallHours: z.number(),
    cpuSeconds: z.number(),
    cpuHours: z.number(),
    vms: z.number().openapi({ description: 'VM-months: a VM counts in every month it ran' }),
    memoryMb: z.number(),
    diskGb: z.number(),
  })
  .openapi('AccountingUsageRow');

export const UsageResponseSchema = z
  .object({
    groupBy: z.array(z.enum(USAGE_DIMENSIONS)),
    from: z.string().nullable(),
    to: z.string().nullable(),
    rows: z.array(UsageRowSchema),
  })
  .openapi('AccountingUsage');

export const AccountingSiteSchema = z
  .object({
    site: z.string(),
    registered: z.boolean(),
    records: z.number().openapi({ description: 'VM-months stored' }),
    vms: z.number(),
    batches: z.number(),
    recordsReceived: z.number(),
    lastReceivedAt: z.string().nullable(),
    lastBatchAt: z.string().nullable(),
    latestMeasurement: z.string().nullable(),
  })
  .openapi('AccountingSite');

const error = {
  content: {
    'application/json': {
      schema: z.object({
        error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
      }),
    },
  },
};

const IngestResultSchema = z
  .object({
    batch: z.string(),
    accepted: z.number(),
    superseded: z.number(),
    rejected: z.array(
      z.object({ index: z.number(), vmUuid: z.string().optional(), reason: z.string() }),
    ),
    duplicate: z.boolean(),
  })
  .openapi('AccountingBatchResult');

/** The batch route reads its text body itself (size, then type, then APEL), so it is described here. */
export function batchRoute(): RouteConfig {
  return {
    method: 'put',
    path: '/api/v1/sites/{site}/accounting/batches/{batchId}',
    tags: ['accounting'],
    summary:
      "Send one APEL cloud message (v0.4 text, as cASO writes it) of the site's usage records (site-agent or site-admin of the site)",
    security: bearer,
    request: {
      params: z.object({
        site: z.string().openapi({ example: 'IISAS-FedCloud' }),
        batchId: z.string().regex(BATCH_ID).openapi({ example: '20260201T101500Z-0001' }),
      }),
      body: {
        required: true,
        content: {
          'text/plain': {
            schema: z
              .string()
              .openapi({ example: 'APEL-cloud-message: v0.4\nVMUUID: …\nSiteName: …\n' }),
          },
        },
      },
    },
    responses: {
      201: json(
        IngestResultSchema,
        'Stored: each record accepted (or superseded by a newer one already stored) or rejected with its reason',
      ),
      200: json(
        IngestResultSchema,
        'A resend of a batch already stored: its first answer, duplicate true',
      ),
      400: { description: 'Bad batch id, or the body is not UTF-8', ...error },
      401: { description: 'No or bad bearer token', ...error },
      403: { description: 'Not an agent or admin of this site', ...error },
      404: { description: 'The site is not registered', ...error },
      409: { description: 'This batch id was used for another body', ...error },
      413: { description: 'Larger than one message may be (1 MiB)', ...error },
      415: { description: 'Not sent as text/plain', ...error },
      422: { description: 'Not an APEL cloud message v0.4', ...error },
    },
  };
}
