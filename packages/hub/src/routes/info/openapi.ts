import { type RouteConfig, z } from '@hono/zod-openapi';
import { SiteImageSchema } from '../registry/responses.js';

/**
 * OpenAPI descriptions of the information-system routes. The handlers read their bodies
 * themselves (size limit, then JSON, then the GLUE schema, each with its own status code), so
 * these entries document the routes without validating through zod-openapi.
 */
const site = z.object({ site: z.string().openapi({ example: 'IISAS-FedCloud' }) });
const error = {
  content: {
    'application/json': {
      schema: z.object({
        error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
      }),
    },
  },
};
const glueDocument = z
  .record(z.string(), z.array(z.record(z.string(), z.unknown())))
  .openapi({ description: 'GLUE 2.1 JSON as cloud-info-provider writes it' });

const REASON_MAX = 2000;

/** What an agent sends instead of a document when it cannot read its site. */
export const healthReportSchema = z.strictObject({
  state: z.literal('failing', { error: 'state must be "failing"' }),
  reason: z
    .string({ error: 'reason must be a text' })
    .trim()
    .min(1, 'reason must not be empty')
    .max(REASON_MAX, `reason must be at most ${REASON_MAX} characters`),
});

const healthReport = z.object({
  state: z.literal('failing'),
  reason: z.string(),
  failingSince: z.string(),
  reportedAt: z.string(),
});

const publication = z.object({
  id: z.number(),
  publishedAt: z.string(),
  creationTime: z.string(),
  expiresAt: z.string(),
  publisher: z.string(),
  shares: z.number(),
  images: z.number(),
  instanceTypes: z.number(),
});

const flavor = z.object({
  id: z.string(),
  name: z.string(),
  vo: z.string(),
  cpu: z.number(),
  ramMb: z.number(),
  diskGb: z.number(),
  gpus: z.number(),
  gpuVendor: z.string().nullable(),
  gpuModel: z.string().nullable(),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export function documentRoutes(): RouteConfig[] {
  return [
    {
      method: 'put',
      path: '/api/v1/sites/{site}/info',
      tags: ['information system'],
      summary: "Publish the site's GLUE 2.1 document (site-agent or site-admin of the site)",
      security: [{ bearerAuth: [] }],
      request: {
        params: site,
        body: { content: { 'application/json': { schema: glueDocument } }, required: true },
      },
      responses: {
        201: json(
          publication.omit({ creationTime: true, publisher: true }),
          'Stored; now the current document of the site',
        ),
        400: { description: 'The body is not JSON', ...error },
        401: { description: 'No or bad bearer token', ...error },
        403: { description: 'Not an agent or admin of this site', ...error },
        404: { description: 'The site is not registered', ...error },
        409: { description: 'Not newer than the current document (replay or rollback)', ...error },
        413: { description: 'Larger than the hub accepts', ...error },
        415: { description: 'Not sent as JSON', ...error },
        422: {
          description:
            'Not a valid GLUE 2.1 document, or already expired; details.issues lists each',
          ...error,
        },
        429: { description: 'Too many publications; wait Retry-After seconds', ...error },
      },
    },
    {
      method: 'put',
      path: '/api/v1/sites/{site}/info/health',
      tags: ['information system'],
      summary:
        'Report that the site cannot be read (site-agent or site-admin of the site); the current document stays',
      security: [{ bearerAuth: [] }],
      request: {
        params: site,
        body: { content: { 'application/json': { schema: healthReportSchema } }, required: true },
      },
      responses: {
        200: json(healthReport, 'Recorded: the site shows as failing until its next document'),
        400: { description: 'Not a health report', ...error },
        401: { description: 'No or bad bearer token', ...error },
        403: { description: 'Not an agent or admin of this site', ...error },
        404: { description: 'The site is not registered', ...error },
        429: { description: 'Too many publications; wait Retry-After seconds', ...error },
      },
    },
    {
      method: 'get',
      path: '/api/v1/sites/{site}/info',
      tags: ['information system'],
      summary: 'The current GLUE 2.1 document, byte for byte as published (fresh or stale)',
      request: { params: site },
      responses: {
        200: json(glueDocument, 'The document; X-Info-Status says fresh or stale'),
        404: { description: 'No such site, or it never published', ...error },
      },
    },
    {
      method: 'get',
      path: '/api/v1/sites/{site}/info/history',
      tags: ['information system'],
      summary: 'Publications of the site, newest first',
      request: {
        params: site,
        query: z.object({ limit: z.string().optional().openapi({ example: '20' }) }),
      },
      responses: {
        200: json(z.array(publication), 'InfoPublication[]'),
        404: { description: 'No such site', ...error },
      },
    },
    {
      method: 'get',
      path: '/api/v1/sites/{site}/images',
      tags: ['information system'],
      summary: 'Images of the current document, one row per VO project that sees the image',
      request: { params: site, query: z.object({ vo: z.string().optional() }) },
      responses: {
        200: json(z.array(SiteImageSchema), 'SiteImage[]'),
        404: { description: 'No such site', ...error },
      },
    },
    {
      method: 'get',
      path: '/api/v1/sites/{site}/flavors',
      tags: ['information system'],
      summary: 'Flavors (instance types, with GPUs) of the current document, per VO project',
      request: { params: site, query: z.object({ vo: z.string().optional() }) },
      responses: {
        200: json(z.array(flavor), 'SiteFlavor[]'),
        404: { description: 'No such site', ...error },
      },
    },
  ];
}
