/**
 * Finds the site's GOCDB service for its Keystone URL, as cloud-info-provider's
 * `providers/utils.py` does against goc.egi.eu, but through the hub's GOCDB-compatible API:
 * `get_service_endpoint` for `org.openstack.nova` at the site, then the first service whose URL
 * (or one of its ENDPOINTS' URLs) has the same scheme, authority and path, slashes at either end
 * of the path ignored. The result becomes the service's OtherInfo `{gocdb_id, site_name}`.
 */

export interface GocdbService {
  primaryKey: string;
  siteName: string;
  urls: string[];
}

export interface GocdbMatch {
  gocdb_id: string;
  site_name: string;
}

export const NOVA_SERVICE_TYPE = 'org.openstack.nova';

/** `<results><SERVICE_ENDPOINT PRIMARY_KEY="...">…</SERVICE_ENDPOINT></results>` → services. */
export function parseServiceEndpoints(xml: string): GocdbService[] {
  const services: GocdbService[] = [];
  const blocks = xml.matchAll(/<SERVICE_ENDPOINT\b([^>]*)>([\s\S]*?)<\/SERVICE_ENDPOINT>/g);
  for (const [, attributes = '', body = ''] of blocks) {
    const key =
      /\bPRIMARY_KEY\s*=\s*"([^"]*)"/.exec(attributes)?.[1] ??
      /\bPRIMARY_KEY\s*=\s*'([^']*)'/.exec(attributes)?.[1];
    if (key === undefined) continue;
    // The service's own URL is the one outside <ENDPOINTS>; endpoint URLs are inside it.
    const endpointsBlock = /<ENDPOINTS>([\s\S]*?)<\/ENDPOINTS>/.exec(body)?.[1] ?? '';
    const own = body.replace(/<ENDPOINTS>[\s\S]*?<\/ENDPOINTS>/, '');
    const urls: string[] = [];
    const serviceUrl = textOf(own, 'URL');
    if (serviceUrl) urls.push(serviceUrl);
    for (const [, endpoint = ''] of endpointsBlock.matchAll(/<ENDPOINT>([\s\S]*?)<\/ENDPOINT>/g)) {
      const url = textOf(endpoint, 'URL');
      if (url) urls.push(url);
    }
    services.push({ primaryKey: decodeXml(key), siteName: textOf(own, 'SITENAME') ?? '', urls });
  }
  return services;
}

/** The first service with a URL like `serviceUrl`; undefined when none matches. */
export function findServiceByUrl(
  serviceUrl: string,
  services: readonly GocdbService[],
): GocdbMatch | undefined {
  const wanted = splitUrl(serviceUrl);
  for (const service of services) {
    if (service.urls.some((url) => similarUrls(wanted, splitUrl(url)))) {
      return { gocdb_id: service.primaryKey, site_name: service.siteName };
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
  const url = new URL('gocdbpi/public/', withSlash(lookup.hubUrl));
  url.search = new URLSearchParams({
    method: 'get_service_endpoint',
    service_type: NOVA_SERVICE_TYPE,
    sitename: lookup.siteName,
  }).toString();
  let text: string;
  try {
    const response = await lookup.fetch(url, {
      headers: { accept: 'application/xml' },
      signal: lookup.signal ?? AbortSignal.timeout(30_000),
    });
    text = await response.text();
    if (!response.ok) return { ok: false, reason: `GOCDB API answered HTTP ${response.status}` };
  } catch (error) {
    return {
      ok: false,
      reason: `GOCDB API unreachable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const match = findServiceByUrl(lookup.serviceUrl, parseServiceEndpoints(text));
  return match
    ? { ok: true, match }
    : {
        ok: false,
        reason: `no ${NOVA_SERVICE_TYPE} service of ${lookup.siteName} in GOCDB has URL ${lookup.serviceUrl}`,
      };
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

function textOf(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!match) return undefined;
  const text = decodeXml(match[1] ?? '').trim();
  return text === '' ? undefined : text;
}

function decodeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, data: string) => data)
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
