import { primaryKey } from '../../services/lookup.js';
import type { PiSite } from './data.js';
import { sitePage } from './links.js';
import { paginate } from './paging.js';
import { checkParams, inScope, like, type PiParams, SCOPE } from './params.js';
import { el, text, textIfAny, type XmlElement } from './xml.js';

const SITE_PARAMS = [
  'sitename',
  'roc',
  'country',
  'certification_status',
  'exclude_certification_status',
  'production_status',
  'scope',
  'scope_match',
  'next_cursor',
  'prev_cursor',
] as const;

/** The site filters GOCDB applies (LIKE matches); country matches the name or the code. */
function filterSites(sites: PiSite[], params: PiParams): PiSite[] {
  const scoped = inScope(params);
  return sites.filter(
    (s) =>
      scoped &&
      (params.sitename === undefined || like(params.sitename, s.name)) &&
      (params.roc === undefined || like(params.roc, s.roc)) &&
      (params.country === undefined ||
        like(params.country, s.country) ||
        like(params.country, s.country_code)) &&
      (params.certification_status === undefined ||
        like(params.certification_status, s.certification_status)) &&
      (params.exclude_certification_status === undefined ||
        !like(params.exclude_certification_status, s.certification_status)) &&
      (params.production_status === undefined ||
        like(params.production_status, s.production_infrastructure)),
  );
}

/** get_site_list: one attribute-only SITE element per site, never paged. */
export function siteList(sites: PiSite[], params: PiParams): XmlElement {
  checkParams(params, SITE_PARAMS);
  return el(
    'results',
    {},
    filterSites(sites, params).map((s) =>
      el('SITE', {
        ID: s.id,
        PRIMARY_KEY: primaryKey(s.id),
        NAME: s.name,
        COUNTRY: s.country,
        COUNTRY_CODE: s.country_code,
        ROC: s.roc,
        SUBGRID: '',
        GIIS_URL: '',
      }),
    ),
  );
}

/** get_site: the full record of each site (GOCDB's GOCDB_XML rendering). */
export function siteDetails(
  sites: PiSite[],
  params: PiParams,
  requestUrl: URL,
  publicUrl: string,
): XmlElement {
  checkParams(params, SITE_PARAMS);
  const page = paginate(filterSites(sites, params), (s) => s.id, params, requestUrl, publicUrl);
  return el('results', {}, [page.meta, ...page.items.map((s) => siteElement(s, publicUrl))]);
}

function siteElement(s: PiSite, publicUrl: string): XmlElement {
  return el('SITE', { ID: s.id, PRIMARY_KEY: primaryKey(s.id), NAME: s.name }, [
    text('PRIMARY_KEY', primaryKey(s.id)),
    text('SHORT_NAME', s.name),
    textIfAny('OFFICIAL_NAME', s.official_name),
    textIfAny('SITE_DESCRIPTION', s.description),
    text('GOCDB_PORTAL_URL', sitePage(publicUrl, s.name)),
    textIfAny('HOME_URL', s.home_url),
    textIfAny('CONTACT_EMAIL', s.contact_email),
    textIfAny('CONTACT_TEL', s.contact_tel),
    textIfAny('COUNTRY_CODE', s.country_code),
    textIfAny('COUNTRY', s.country),
    textIfAny('ROC', s.roc),
    textIfAny('PRODUCTION_INFRASTRUCTURE', s.production_infrastructure),
    textIfAny('CERTIFICATION_STATUS', s.certification_status),
    textIfAny('TIMEZONE', s.timezone),
    textIfAny('LATITUDE', s.latitude),
    textIfAny('LONGITUDE', s.longitude),
    // The hub sends no notifications to site contacts.
    text('NOTIFICATIONS', 'FALSE'),
    el('DOMAIN'),
    el('SCOPES', {}, [text('SCOPE', SCOPE)]),
    el(
      'EXTENSIONS',
      {},
      // Properties have no id of their own here; their position (by key) stands in for it.
      s.extensions.map((e, i) =>
        el('EXTENSION', {}, [text('LOCAL_ID', i + 1), text('KEY', e.key), text('VALUE', e.value)]),
      ),
    ),
  ]);
}
