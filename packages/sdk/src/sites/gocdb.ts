import { FedcloudError } from '../errors.js';
import { getText } from './http.js';
import { childElement, childText, parseXml, XmlSyntaxError, type XmlElement } from './xml.js';

/** One `SERVICE_ENDPOINT` of GOCDB's `get_service_endpoint`. */
export interface GocdbEndpoint {
  site: string;
  serviceType: string;
  /** The service's own URL ('' when only its endpoints have one). */
  url: string;
  /** The URLs of its nested ENDPOINTS/ENDPOINT elements, in document order. */
  endpointUrls: string[];
  hostname: string;
  primaryKey: string;
  inProduction: boolean;
  monitored: boolean;
}

/** Where and how to ask a GOCDB programmatic interface. */
export interface GocdbConnection {
  /** The interface's base, e.g. https://goc.egi.eu/gocdbpi/public/ or <hub>/gocdbpi/public/. */
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface GocdbEndpointQuery extends GocdbConnection {
  serviceType: string;
  /** Asks GOCDB for monitored endpoints only (`monitored=Y`), as fedcloudclient does by default. */
  monitored?: boolean;
  /** Only this site's endpoints (`sitename=`). */
  site?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** GOCDB writes its flags as Y/N (sometimes lower case). */
const yes = (value: string): boolean => value.toUpperCase() === 'Y';

/**
 * `GET <base>?method=get_service_endpoint&service_type=…[&monitored=Y][&sitename=…]`: the XML
 * `results/SERVICE_ENDPOINT` elements with their SITENAME, URL, HOSTNAME, IN_PRODUCTION and
 * NODE_MONITORED (GOCDB lib/Gocdb_Services/PI/GetService.php). The production filter is left to
 * the caller, as GOCDB has no parameter for it.
 */
export async function listGocdbEndpoints(query: GocdbEndpointQuery): Promise<GocdbEndpoint[]> {
  const params: Record<string, string> = {
    method: 'get_service_endpoint',
    service_type: query.serviceType,
  };
  if (query.monitored) params.monitored = 'Y';
  if (query.site) params.sitename = query.site;
  const { text, where } = await getXml(query, params);
  return parseServiceEndpoints(text, where);
}

/**
 * `GET <base>?method=get_site_list[&certification_status=…]`: the NAME attribute of each SITE,
 * as fedcloudclient reads it to keep only certified sites' endpoints.
 */
export async function listGocdbSites(
  query: GocdbConnection & { certificationStatus?: string },
): Promise<string[]> {
  const params: Record<string, string> = { method: 'get_site_list' };
  if (query.certificationStatus) params.certification_status = query.certificationStatus;
  const { text, where } = await getXml(query, params);
  return parseSiteList(text, where);
}

async function getXml(
  connection: GocdbConnection,
  params: Record<string, string>,
): Promise<{ text: string; where: string }> {
  const url = new URL(connection.baseUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const where = `${url.origin}${url.pathname}`;
  const answer = await getText(url.toString(), {
    fetch: connection.fetch ?? globalThis.fetch,
    timeoutMs: connection.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: connection.signal,
    accept: 'application/xml, text/xml',
  });
  if (!answer.ok) {
    const unavailable = answer.kind === 'unavailable';
    throw new FedcloudError(
      unavailable ? 'SITE_UNREACHABLE' : 'SITE_CONFIG_INVALID',
      `GOCDB at ${where} ${unavailable ? 'is unreachable' : 'refused the query'}: ${answer.reason}`,
      {
        hint: unavailable
          ? 'Check the network and that the hub (FEDCLOUD_HUB) is up.'
          : `Is ${where} a GOCDB programmatic interface (…/gocdbpi/public/)? Check FEDCLOUD_HUB.`,
        ...(answer.cause === undefined ? {} : { cause: answer.cause }),
        details: {
          url: where,
          reason: answer.reason,
          ...(answer.status === undefined ? {} : { status: answer.status }),
        },
      },
    );
  }
  return { text: answer.text, where };
}

/** The root of a GOCDB answer, which is always `<results>`. */
function resultsOf(xml: string, where: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw invalid(where, `not XML (${error.message})`);
  }
  if (root.name !== 'results') throw invalid(where, `<${root.name}> instead of <results>`);
  return root;
}

/** The site names of a get_site_list answer (`<SITE NAME="…" …/>`). */
export function parseSiteList(xml: string, where: string): string[] {
  return resultsOf(xml, where)
    .children.filter((child) => child.name === 'SITE')
    .map((site, index) => {
      const name = site.attributes.NAME?.trim();
      if (!name) throw invalid(where, `SITE #${index + 1} has no NAME`);
      return name;
    });
}

/** The endpoints of a get_service_endpoint answer; SITE_CONFIG_INVALID when it is not one. */
export function parseServiceEndpoints(xml: string, where: string): GocdbEndpoint[] {
  return resultsOf(xml, where)
    .children.filter((child) => child.name === 'SERVICE_ENDPOINT')
    .map((element, index) => {
      const site = childText(element, 'SITENAME');
      const serviceUrl = childText(element, 'URL');
      const endpointUrls = (childElement(element, 'ENDPOINTS')?.children ?? [])
        .filter((child) => child.name === 'ENDPOINT')
        .map((endpoint) => childText(endpoint, 'URL'))
        .filter((url) => url !== '');
      if (!site || (!serviceUrl && endpointUrls.length === 0)) {
        throw invalid(where, `SERVICE_ENDPOINT #${index + 1} has no ${site ? 'URL' : 'SITENAME'}`);
      }
      return {
        site,
        serviceType: childText(element, 'SERVICE_TYPE'),
        url: serviceUrl,
        endpointUrls,
        hostname: childText(element, 'HOSTNAME'),
        primaryKey: element.attributes.PRIMARY_KEY ?? childText(element, 'PRIMARY_KEY'),
        inProduction: yes(childText(element, 'IN_PRODUCTION')),
        monitored: yes(childText(element, 'NODE_MONITORED')),
      };
    });
}

function invalid(where: string, problem: string): FedcloudError {
  return new FedcloudError(
    'SITE_CONFIG_INVALID',
    `GOCDB at ${where} gave an unexpected answer: ${problem}`,
    {
      hint: `Is ${where} a GOCDB programmatic interface (…/gocdbpi/public/)? Check FEDCLOUD_HUB.`,
      details: { url: where },
    },
  );
}
