import { z } from 'zod';
import { OpenStackError } from '../errors.js';
import { parseResponse } from '../parse.js';
import { request, type Transport } from '../request.js';

/**
 * Keystone's root answers `300 Multiple Choices` with `{"versions": {"values": [...]}}`; `/v3`
 * answers 200 with `{"version": {...}}`; some proxies answer the root with 200.
 * https://docs.openstack.org/api-ref/identity/#list-versions
 */
const versionSchema = z
  .object({
    id: z.string(),
    status: z.string().optional(),
    links: z.array(z.object({ rel: z.string(), href: z.string() }).loose()).default([]),
  })
  .loose();

const discoverySchema = z
  .object({
    versions: z
      .object({ values: z.array(versionSchema) })
      .loose()
      .optional(),
    version: versionSchema.optional(),
  })
  .loose();

export type IdentityVersion = z.infer<typeof versionSchema>;

export interface IdentityDiscovery {
  /** The v3 root, e.g. `https://keystone.example.org:5000/v3`. */
  v3Url: string;
  /** The v3 version id, e.g. `v3.14`. */
  versionId: string;
  versions: IdentityVersion[];
}

export async function discoverIdentity(
  transport: Transport,
  authUrl: string,
  options: { signal?: AbortSignal } = {},
): Promise<IdentityDiscovery> {
  const response = await request(transport, {
    url: authUrl,
    expected: [200, 300],
    service: 'identity',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const body = parseResponse(discoverySchema, response.data, 'identity', 'version document');
  const versions = body.versions?.values ?? (body.version ? [body.version] : []);
  const v3 = versions
    .filter((version) => /^v3(\.|$)/.test(version.id))
    .sort((a, b) => rank(a) - rank(b))[0];
  const self = v3?.links.find((link) => link.rel === 'self')?.href;
  if (!v3 || !self) {
    throw new OpenStackError('ENDPOINT_NOT_FOUND', `no Identity v3 API advertised at ${authUrl}`, {
      service: 'identity',
      body: response.data,
    });
  }
  return { v3Url: self.replace(/\/+$/, ''), versionId: v3.id, versions };
}

/** Stable first, then current/supported; deprecated last. */
function rank(version: IdentityVersion): number {
  const status = (version.status ?? '').toLowerCase();
  if (status === 'stable' || status === 'current') return 0;
  if (status === 'supported') return 1;
  return 2;
}

/**
 * The Keystone root without its version: sites register `auth_url` as `…:5000`, `…:5000/v3` or
 * `…/v2.0`; fedcloudclient strips the version before appending `/v3/OS-FEDERATION/…`.
 */
export function identityBaseUrl(authUrl: string): string {
  return authUrl.replace(/\/+$/, '').replace(/\/(v3|v2\.0)$/, '');
}

/** `<base>/v3`, the root every Identity v3 path hangs off. */
export function identityV3Url(authUrl: string): string {
  return `${identityBaseUrl(authUrl)}/v3`;
}
