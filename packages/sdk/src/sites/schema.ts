import { z } from 'zod';

/**
 * fedcloud-catchall-operations' `schema.json` in zod: `gocdb` and `endpoint` required, unknown
 * top-level keys rejected (additionalProperties: false), extra keys inside a VO entry kept
 * (`defaultNetwork`, `publicNetwork`, …). fedcloudclient needs each VO's `auth.project_id`, so it is
 * required here although the catch-all schema leaves it optional.
 * https://github.com/EGI-Federation/fedcloud-catchall-operations/blob/main/schema.json
 */
const nonEmpty = z.string().trim().min(1, 'must not be empty');

const siteVoSchema = z
  .object({
    name: nonEmpty,
    auth: z.object({ project_id: nonEmpty }).loose(),
  })
  .loose();

export const siteFileSchema = z
  .object({
    gocdb: nonEmpty,
    endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    protocol: z.enum(['openid', 'oidc']).default('openid'),
    region: nonEmpty.optional(),
    // keystoneauth1 plugin name; accepted because real site files carry it, unused here.
    auth_type: z.string().optional(),
    images: z
      .object({ sync: z.boolean().optional(), formats: z.array(z.string()).optional() })
      .strict()
      .optional(),
    // Central cASO settings; accepted for the same reason.
    accounting: z
      .object({ enabled: z.boolean().optional(), site_name: z.string().optional() })
      .strict()
      .optional(),
    vos: z.array(siteVoSchema).nullish(),
  })
  .strict();

export type SiteFile = z.infer<typeof siteFileSchema>;
