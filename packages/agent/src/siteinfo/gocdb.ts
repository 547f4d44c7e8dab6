import {
  isFedcloudError,
  listGocdbEndpoints,
  NOVA_SERVICE_TYPE,
  type GocdbEndpoint,
} from '@fedcloud/sdk';

/**
 * Finds the site's GOCDB service for its Keystone URL, as cloud-info-provider's
 * `providers/utils.py` does against goc.egi.eu, but through the hub's GOCDB-compatible API:
 * `get_service_endpoint` for `org.openstack.nova` at the site, then the first service whose URL
 * (or one of its ENDPOINTS' URLs) has the same scheme, authority and path, slashes at either end
 * of the path ignored. The result becomes the service's OtherInfo `{gocdb_id, site_name}`.
 */

export interface GocdbMatch {
  gocdb_id: string;
  site_name: string;
}

/** The first service with a URL like `serviceUrl`; undefined when none matches. */
export function findServiceByUrl(
  serviceUrl: string,
  services: readonly GocdbEndpoint[],
): GocdbMatch | undefined {
  const wanted = splitUrl(serviceUrl);
  for (const service of services) {
    const urls = [service.url, ...service.endpointUrls].filter((url) => url !== '');
    if (urls.some((url) => similarUrls(wanted, splitUrl(url)))) {
      return { gocdb_id: service.primaryKey, site_name: service.site };
    }
  }
  return undefined;
}

export interface GocdbLookup {
  hubUrl: string;
  siteName: string;
  serviceUrl: string;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

export type GocdbLookupResult = { ok: true; match: GocdbMatch } | { ok: false; reason: string };

/** Asks the hub; every failure is a reason to warn about, never an error (as in the provider). */
export async function lookupGocdbService(lookup: GocdbLookup): Promise<GocdbLookupResult> {
  let services: GocdbEndpoint[];
  try {
    services = await listGocdbEndpoints({
      baseUrl: new URL('gocdbpi/public/', withSlash(lookup.hubUrl)).toString(),
      serviceType: NOVA_SERVICE_TYPE,
      site: lookup.siteName,
      fetch: lookup.fetch,
      ...(lookup.signal ? { signal: lookup.signal } : {}),
    });
  } catch (error) {
    return { ok: false, reason: lookupFailure(error) };
  }
  const match = findServiceByUrl(lookup.serviceUrl, services);
  return match
    ? { ok: true, match }
    : {
        ok: false,
        reason: `no ${NOVA_SERVICE_TYPE} service of ${lookup.siteName} in GOCDB has URL ${lookup.serviceUrl}`,
      };
}

function lookupFailure(error: unknown): string {
  if (!isFedcloudError(error)) return error instanceof Error ? error.message : String(error);
  const { status, reason } = (error.details ?? {}) as { status?: number; reason?: string };
  if (status !== undefined) return `GOCDB API answered HTTP ${status}`;
  if (error.code === 'SITE_UNREACHABLE' && reason !== undefined) {
    return `GOCDB API unreachable: ${reason}`;
  }
  return error.message;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

interface UrlParts {
  scheme: string;
  netloc: string;
  path: string;
}

/** Python's `urlparse` split (RFC 3986 appendix B): netloc and path are kept as written. */
function splitUrl(url: string): UrlParts {
  const match = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)/.exec(url.trim());
  return {
    scheme: (match?.[1] ?? '').toLowerCase(),
    netloc: match?.[2] ?? '',
    path: match?.[3] ?? '',
  };
}

function similarUrls(a: UrlParts, b: UrlParts): boolean {
  return (
    a.scheme === b.scheme &&
    a.netloc === b.netloc &&
    a.path.replace(/^\/+|\/+$/g, '') === b.path.replace(/^\/+|\/+$/g, '')
  );
}
