import { z } from 'zod';
import type { SiteConfig } from './types.js';

/**
 * One site of cloud-info-api's `GET /sites/?include_projects=true`: `{id, name, url, state,
 * hostname, projects: [{id, name}]}` where `url` is the Keystone endpoint, `id` the GOCDB id and
 * each project's `name` is the VO it serves (cloud-info-api app/main.py `Site`, app/glue.py
 * `GlueShare.get_project`). The hub serves the same shape, so EGI's is.cloud.egi.eu works too.
 * Fields a consumer does not need (id, state, hostname) are accepted in any form or missing.
 */
const nonEmpty = z.string().trim().min(1, 'must not be empty');

const hubProjectSchema = z.object({ id: nonEmpty, name: nonEmpty }).loose();

const hubSiteSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    name: nonEmpty,
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    state: z.string().nullish(),
    hostname: z.string().nullish(),
    // fedcloud hubs add the site's region when its agent published one.
    region: z.string().nullish(),
    // Absent only from a hub that ignored include_projects; such a site lists no VO.
    projects: z.array(hubProjectSchema).nullish(),
  })
  .loose();

export const hubSitesSchema = z.array(hubSiteSchema);

export type HubSite = z.infer<typeof hubSiteSchema>;

/**
 * A hub site as the site-file shape every command uses. cloud-info has no protocol or region:
 * EGI's Keystones use `openid` (fedcloud-catchall's default), and `--openstack-auth-protocol`
 * still overrides it per command.
 */
export function hubSiteToConfig(site: HubSite, source: string): SiteConfig {
  return {
    name: site.name,
    endpoint: site.url,
    protocol: 'openid',
    ...(site.region ? { region: site.region } : {}),
    vos: (site.projects ?? []).map((project) => ({
      name: project.name,
      projectId: project.id,
      extra: {},
    })),
    source,
    ...(site.state === 'unreachable' ? { state: 'unreachable' as const } : {}),
  };
}

/** "at 3.projects.0.id: must not be empty", for messages about a bad answer. */
export function describeAnswerIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? `at ${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}
