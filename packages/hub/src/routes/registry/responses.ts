import { z } from '@hono/zod-openapi';

/** Response shapes for /openapi.json; they mirror api-types.ts (the contract). */
const status = z.enum(['ok', 'stale', 'no-info', 'downtime', 'failing']);

export const SiteSummarySchema = z
  .object({
    name: z.string(),
    officialName: z.string(),
    country: z.string(),
    countryCode: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    certificationStatus: z.string(),
    productionInfrastructure: z.string(),
    status,
    voCount: z.number(),
    endpointCount: z.number(),
    lastPublishedAt: z.string().nullable(),
    infoExpiresAt: z.string().nullable(),
    statusReason: z.string().nullable(),
    failingSince: z.string().nullable(),
  })
  .openapi('SiteSummary');

export const EndpointSchema = z
  .object({
    id: z.number(),
    primaryKey: z.string(),
    site: z.string(),
    serviceType: z.string(),
    hostname: z.string(),
    url: z.string(),
    hostDn: z.string(),
    inProduction: z.boolean(),
    monitored: z.boolean(),
    beta: z.boolean(),
    description: z.string(),
  })
  .openapi('Endpoint');

export const SiteVoEntrySchema = z
  .object({
    vo: z.string(),
    projectId: z.string(),
    projectName: z.string(),
    source: z.enum(['registry', 'info']),
    staleReason: z.string().nullable(),
    lastGoodAt: z.string().nullable(),
  })
  .openapi('SiteVoEntry');

export const DowntimeSchema = z
  .object({
    id: z.number(),
    primaryKey: z.string(),
    site: z.string(),
    classification: z.enum(['SCHEDULED', 'UNSCHEDULED']),
    severity: z.enum(['OUTAGE', 'WARNING']),
    description: z.string(),
    startAt: z.string(),
    endAt: z.string(),
    insertedAt: z.string(),
    endpointIds: z.array(z.number()),
    ongoing: z.boolean(),
  })
  .openapi('Downtime');

export const SiteDetailSchema = SiteSummarySchema.extend({
  description: z.string(),
  roc: z.string(),
  contactEmail: z.string(),
  contactTel: z.string(),
  homeUrl: z.string(),
  timezone: z.string(),
  extensions: z.record(z.string(), z.string()),
  endpoints: z.array(EndpointSchema),
  vos: z.array(SiteVoEntrySchema),
  downtimes: z.array(DowntimeSchema),
}).openapi('SiteDetail');

export const SiteImageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    vo: z.string(),
    projectId: z.string(),
    marketplaceUrl: z.string().nullable(),
    osName: z.string(),
    osVersion: z.string().nullable(),
    osPlatform: z.string(),
    egiId: z.string().nullable(),
  })
  .openapi('SiteImage');

export const VoSummarySchema = z
  .object({ name: z.string(), description: z.string(), siteCount: z.number() })
  .openapi('VoSummary');

export const VoDetailSchema = VoSummarySchema.extend({
  homepage: z.string(),
  sites: z.array(
    z.object({
      site: z.string(),
      status,
      projectId: z.string(),
      projectName: z.string(),
      images: z.array(SiteImageSchema),
    }),
  ),
}).openapi('VoDetail');

export const OverviewSchema = z
  .object({
    sites: z.number(),
    sitesOk: z.number(),
    sitesStale: z.number(),
    sitesNoInfo: z.number(),
    sitesInDowntime: z.number(),
    sitesFailing: z.number(),
    vos: z.number(),
    endpoints: z.number(),
    images: z.number(),
    generatedAt: z.string(),
  })
  .openapi('FederationOverview');

export const WhoAmISchema = z
  .object({
    kind: z.enum(['anonymous', 'user', 'client']),
    subject: z.string().optional(),
    grants: z.array(z.object({ role: z.string(), target: z.string() })),
  })
  .openapi('WhoAmI');

export const RoleGrantEntrySchema = z
  .object({
    id: z.number(),
    subject: z.string(),
    role: z.enum(['federation-admin', 'site-admin', 'vo-manager', 'site-agent']),
    target: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('RoleGrantEntry');

export const ExtensionSchema = z
  .object({ site: z.string(), key: z.string(), value: z.string() })
  .openapi('Extension');

const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error answers a route documents, picked by status. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409)[]) {
  const text = {
    400: 'malformed request (names each bad field)',
    401: 'no token, or a bad or expired one',
    403: 'the caller lacks the role this needs (named in the message)',
    404: 'no such site, endpoint, downtime, VO or grant',
    409: 'already exists',
  } as const;
  return Object.fromEntries(statuses.map((s) => [s, errorResponse(text[s])]));
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearerAuth: [] }];
