import { z } from 'zod';
import { OpenStackError } from '../errors.js';

/**
 * The service catalogue inside a Keystone token.
 * https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-scoped-authorization
 */
export const endpointSchema = z
  .object({
    id: z.string().optional(),
    interface: z.string(),
    region: z.string().nullish(),
    region_id: z.string().nullish(),
    url: z.string(),
  })
  .loose();

export const catalogEntrySchema = z
  .object({
    id: z.string().optional(),
    type: z.string(),
    name: z.string().optional(),
    endpoints: z.array(endpointSchema),
  })
  .loose();

export const catalogSchema = z.array(catalogEntrySchema);

export type CatalogEndpoint = z.infer<typeof endpointSchema>;
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type EndpointInterface = 'public' | 'internal' | 'admin';

/**
 * Other type names a service is registered under, oldest deployments last.
 * https://service-types.openstack.org/service-types.json
 */
const SERVICE_TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  volumev3: ['block-storage', 'volume', 'volumev3'],
  'block-storage': ['volumev3', 'volume'],
  image: [],
  compute: [],
  network: [],
  identity: [],
};

export interface EndpointQuery {
  interface?: EndpointInterface;
  region?: string;
}

/**
 * The URL of one service in the catalogue: exact type first, then its aliases; the requested
 * interface (public by default); the requested region when given, matched on `region_id` or the
 * older `region` field.
 */
export function findEndpoint(
  catalog: readonly CatalogEntry[],
  serviceType: string,
  query: EndpointQuery = {},
): string {
  const wanted = query.interface ?? 'public';
  const types = [serviceType, ...(SERVICE_TYPE_ALIASES[serviceType] ?? [])];
  for (const type of types) {
    for (const entry of catalog) {
      if (entry.type !== type) continue;
      const endpoint = entry.endpoints.find(
        (candidate) =>
          candidate.interface === wanted &&
          (query.region === undefined ||
            candidate.region_id === query.region ||
            candidate.region === query.region),
      );
      if (endpoint) return endpoint.url;
    }
  }
  const where = query.region === undefined ? '' : ` in region ${query.region}`;
  throw new OpenStackError(
    'ENDPOINT_NOT_FOUND',
    `no ${wanted} endpoint for service ${serviceType}${where} in the catalogue`,
    { service: serviceType },
  );
}
