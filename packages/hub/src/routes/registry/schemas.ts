import { z } from '@hono/zod-openapi';

/** GOCDB short names and VO names: safe in a URL path, no spaces. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const nameOf = (what: string) =>
  z
    .string()
    .regex(
      NAME,
      `a ${what} name is 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );

const siteName = nameOf('site');
const voName = nameOf('VO');

const idParam = (what: string) =>
  z.coerce
    .number({ error: `the ${what} id must be a number` })
    .int(`the ${what} id must be a whole number`)
    .positive(`the ${what} id must be positive`);

const isTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'expected an http(s) URL',
});
const optionalText = (max: number) => z.string().max(max, `at most ${max} characters`).optional();

export const SiteInputSchema = z
  .strictObject({
    name: siteName,
    officialName: optionalText(200),
    description: optionalText(2000),
    country: optionalText(100),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/, 'countryCode is an ISO 3166-1 alpha-2 code such as SK')
      .optional(),
    roc: optionalText(100),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
    contactEmail: z
      .union([z.literal(''), z.email('contactEmail must be an e-mail address')])
      .optional(),
    contactTel: optionalText(100),
    homeUrl: z.union([z.literal(''), httpUrl]).optional(),
    certificationStatus: z
      .enum(['Certified', 'Candidate', 'Uncertified', 'Suspended', 'Closed'])
      .optional(),
    productionInfrastructure: z.enum(['Production', 'Test']).optional(),
    timezone: z
      .string()
      .refine(isTimezone, 'timezone must be an IANA time zone such as Europe/Bratislava')
      .optional(),
  })
  .openapi('SiteInput');

export const SitePatchSchema = SiteInputSchema.partial().openapi('SitePatch');

const serviceType = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
    'serviceType is a GOCDB service type such as org.openstack.nova',
  );

export const EndpointInputSchema = z
  .strictObject({
    serviceType,
    url: httpUrl,
    hostname: z
      .string()
      .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'hostname is a host name or IP address')
      .optional(),
    hostDn: optionalText(500),
    inProduction: z.boolean().optional(),
    monitored: z.boolean().optional(),
    beta: z.boolean().optional(),
    description: optionalText(2000),
  })
  .openapi('EndpointInput');

export const EndpointPatchSchema = EndpointInputSchema.partial().openapi('EndpointPatch');

export const SiteVoInputSchema = z
  .strictObject({
    projectId: z.string().min(1, 'projectId must not be empty').max(255),
    projectName: optionalText(255),
  })
  .openapi('SiteVoInput');

export const ExtensionInputSchema = z
  .strictObject({ value: z.string().max(4000, 'at most 4000 characters') })
  .openapi('ExtensionInput');

const dateTime = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date-time such as 2025-01-31T08:00:00Z',
});
const downtimeFields = {
  classification: z.enum(['SCHEDULED', 'UNSCHEDULED']),
  severity: z.enum(['OUTAGE', 'WARNING']),
  description: optionalText(4000),
  startAt: dateTime,
  endAt: dateTime,
  endpointIds: z.array(z.number().int().positive()).max(1000).optional(),
};
export const DowntimeInputSchema = z
  .strictObject(downtimeFields)
  .refine((d) => Date.parse(d.endAt) > Date.parse(d.startAt), {
    message: 'endAt must be after startAt',
    path: ['endAt'],
  })
  .openapi('DowntimeInput');
export const DowntimePatchSchema = z
  .strictObject(downtimeFields)
  .partial()
  .openapi('DowntimePatch');

export const VoInputSchema = z
  .strictObject({
    name: voName,
    description: optionalText(2000),
    homepage: z.union([z.literal(''), httpUrl]).optional(),
  })
  .openapi('VoInput');
export const VoPatchSchema = VoInputSchema.partial().openapi('VoPatch');

export const RoleGrantInputSchema = z
  .strictObject({
    subject: z.string().min(1, 'subject must not be empty').max(500),
    role: z.enum(['federation-admin', 'site-admin', 'vo-manager', 'site-agent']),
    target: z.string().max(100).optional(),
  })
  .openapi('RoleGrantInput');

export const SiteParams = z.object({ site: siteName });
export const VoParams = z.object({ vo: voName });
export const SiteVoParams = z.object({ site: siteName, vo: voName });
export const ExtensionParams = z.object({
  site: siteName,
  key: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/,
      'an extension key is 1-100 letters, digits, ".", "_", ":" or "-"',
    ),
});
export const EndpointParams = z.object({ id: idParam('endpoint') });
export const DowntimeParams = z.object({ id: idParam('downtime') });
export const RoleParams = z.object({ id: idParam('role grant') });

export const DowntimeQuery = z.object({
  site: siteName.optional(),
  ongoing: z.enum(['true', 'false'], { error: 'ongoing is true or false' }).optional(),
});
