import { isIPv4, isIPv6 } from 'node:net';
import { primaryKey } from '../../services/lookup.js';
import type { PiEndpoint } from './data.js';
import { endpointPage } from './links.js';
import { paginate } from './paging.js';
import { checkParams, inScope, like, type PiParams, SCOPE, yesNo } from './params.js';
import { el, text, textIfAny, type XmlElement } from './xml.js';

const SERVICE_PARAMS = [
  'hostname',
  'sitename',
  'roc',
  'country',
  'service_type',
  'monitored',
  // Not in GOCDB's list, but asked for by operators: IN_PRODUCTION = Y/N.
  'production',
  'scope',
  'scope_match',
  'next_cursor',
  'prev_cursor',
] as const;

const yn = (flag: number) => (flag === 1 ? 'Y' : 'N');

/** get_service / get_service_endpoint: the services of sites that are not Closed. */
export function serviceList(
  endpoints: PiEndpoint[],
  params: PiParams,
  requestUrl: URL,
  publicUrl: string,
): XmlElement {
  checkParams(params, SERVICE_PARAMS);
  const monitored = yesNo(params, 'monitored');
  const production = yesNo(params, 'production');
  const scoped = inScope(params);
  const matching = endpoints.filter(
    (e) =>
      scoped &&
      e.site.certification_status !== 'Closed' &&
      (params.hostname === undefined || like(params.hostname, e.hostname)) &&
      (params.sitename === undefined || like(params.sitename, e.site.name)) &&
      (params.roc === undefined || like(params.roc, e.site.roc)) &&
      (params.country === undefined ||
        like(params.country, e.site.country) ||
        like(params.country, e.site.country_code)) &&
      (params.service_type === undefined || like(params.service_type, e.service_type)) &&
      (monitored === undefined || (e.monitored === 1) === monitored) &&
      (production === undefined || (e.in_production === 1) === production),
  );
  const page = paginate(matching, (e) => e.id, params, requestUrl, publicUrl);
  return el('results', {}, [page.meta, ...page.items.map((e) => serviceElement(e, publicUrl))]);
}

function serviceElement(e: PiEndpoint, publicUrl: string): XmlElement {
  return el('SERVICE_ENDPOINT', { PRIMARY_KEY: primaryKey(e.id) }, [
    text('PRIMARY_KEY', primaryKey(e.id)),
    text('HOSTNAME', e.hostname),
    text('GOCDB_PORTAL_URL', endpointPage(publicUrl, e.site.name, e.id)),
    textIfAny('HOSTDN', e.host_dn),
    textIfAny('HOST_OS', e.host_os),
    textIfAny('HOST_ARCH', e.host_arch),
    text('BETA', yn(e.beta)),
    text('SERVICE_TYPE', e.service_type),
    textIfAny('HOST_IP', isIPv4(e.hostname) ? e.hostname : ''),
    textIfAny('HOST_IPV6', isIPv6(e.hostname) ? e.hostname : ''),
    el('CORE'),
    text('IN_PRODUCTION', yn(e.in_production)),
    text('NODE_MONITORED', yn(e.monitored)),
    text('NOTIFICATIONS', 'N'),
    text('SITENAME', e.site.name),
    textIfAny('COUNTRY_NAME', e.site.country),
    textIfAny('COUNTRY_CODE', e.site.country_code),
    textIfAny('ROC_NAME', e.site.roc),
    e.url ? text('URL', e.url) : el('URL'),
    // The hub keeps one URL per service; GOCDB's extra endpoint locations stay empty.
    el('ENDPOINTS'),
    el('SCOPES', {}, [text('SCOPE', SCOPE)]),
    el('EXTENSIONS'),
  ]);
}
