import { HubError } from '../../errors.js';
import { primaryKey } from '../../services/lookup.js';
import type { PiDowntime, PiEndpoint } from './data.js';
import { downtimePage } from './links.js';
import { paginate } from './paging.js';
import { checkParams, inScope, like, type PiParams, piDate, yesNo } from './params.js';
import { el, text, textIfAny, type XmlElement } from './xml.js';

const DOWNTIME_PARAMS = [
  'topentity',
  'ongoing_only',
  'startdate',
  'enddate',
  'windowstart',
  'windowend',
  'scope',
  'scope_match',
  'id',
  'sitelist',
  'ngilist',
  'severity',
  'classification',
  'production',
  'monitored',
  'certification_status',
  'service_type_list',
  'next_cursor',
  'prev_cursor',
] as const;

const DAY_MS = 86_400_000;
const epoch = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));
/** GOCDB's "Y-m-d H:i" in UTC. */
const formatted = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
const list = (value: string | undefined) => value?.split(',').map((v) => v.trim());

interface Selected {
  downtime: PiDowntime;
  /** The affected services that pass the service filters. */
  services: PiEndpoint[];
}

/**
 * The downtimes GOCDB's get_downtime selects. Filters on services (type, production,
 * monitored, topentity's hostname) narrow each downtime's services; a downtime with none left
 * is not listed. Dates compare as GOCDB does: startdate < start, end < enddate,
 * windowstart < end, start < windowend + 1 day.
 */
function select(downtimes: PiDowntime[], params: PiParams, now: Date): Selected[] {
  checkParams(params, DOWNTIME_PARAMS);
  const ongoing = params.ongoing_only;
  if (ongoing !== undefined && ongoing !== 'yes' && ongoing !== 'no') {
    throw new HubError('BAD_REQUEST', "Invalid ongoing_only value - must be 'yes' or 'no'");
  }
  if (ongoing === 'yes' && (params.startdate !== undefined || params.enddate !== undefined)) {
    throw new HubError(
      'BAD_REQUEST',
      'Invalid parameter combination - do not specify startdate or enddate with ongoing_only',
    );
  }
  if (params.id !== undefined && !/^\d+$/.test(params.id)) {
    throw new HubError('BAD_REQUEST', 'Invalid id value - must be a whole number');
  }
  const startdate = piDate(params, 'startdate');
  const enddate = piDate(params, 'enddate');
  const windowstart = piDate(params, 'windowstart');
  const windowend = piDate(params, 'windowend');
  const production = yesNo(params, 'production');
  const monitored = yesNo(params, 'monitored');
  const types = list(params.service_type_list);
  const sites = list(params.sitelist);
  const ngis = list(params.ngilist);
  const scoped = inScope(params);
  const t = now.getTime();

  const result: Selected[] = [];
  for (const d of downtimes) {
    const start = Date.parse(d.start_at);
    const end = Date.parse(d.end_at);
    const site = d.site;
    const keep =
      scoped &&
      // GOCDB's own code narrows to ongoing downtimes for =no too; =no here means no filter.
      (ongoing !== 'yes' || (start < t && end > t)) &&
      (startdate === undefined || start > startdate.getTime()) &&
      (enddate === undefined || end < enddate.getTime()) &&
      (windowstart === undefined || end > windowstart.getTime()) &&
      (windowend === undefined || start < windowend.getTime() + DAY_MS) &&
      (params.id === undefined || d.id === Number(params.id)) &&
      (params.severity === undefined || d.severity === params.severity) &&
      (params.classification === undefined || d.classification === params.classification) &&
      (params.certification_status === undefined ||
        like(params.certification_status, site.certification_status)) &&
      (sites === undefined || sites.includes(site.name)) &&
      (ngis === undefined || ngis.includes(site.roc));
    if (!keep) continue;
    const topentity = params.topentity;
    const siteMatches =
      topentity !== undefined &&
      (like(topentity, site.name) || like(topentity, site.roc) || like(topentity, site.country));
    const services = d.endpoints.filter(
      (e) =>
        (types === undefined || types.includes(e.service_type)) &&
        (production === undefined || (e.in_production === 1) === production) &&
        (monitored === undefined || (e.monitored === 1) === monitored) &&
        (topentity === undefined || siteMatches || like(topentity, e.hostname)),
    );
    if (services.length > 0) result.push({ downtime: d, services });
  }
  return result;
}

function attributes(d: PiDowntime) {
  return { ID: d.id, PRIMARY_KEY: primaryKey(d.id), CLASSIFICATION: d.classification };
}

function times(d: PiDowntime): (XmlElement | undefined)[] {
  return [
    text('SEVERITY', d.severity),
    textIfAny('DESCRIPTION', d.description),
    text('INSERT_DATE', epoch(d.inserted_at)),
    text('START_DATE', epoch(d.start_at)),
    text('END_DATE', epoch(d.end_at)),
    text('FORMATED_START_DATE', formatted(d.start_at)),
    text('FORMATED_END_DATE', formatted(d.end_at)),
  ];
}

function serviceFields(e: PiEndpoint): XmlElement[] {
  return [
    text('PRIMARY_KEY', primaryKey(e.id)),
    text('HOSTNAME', e.hostname),
    text('SERVICE_TYPE', e.service_type),
    // GOCDB's ENDPOINT is host name and service type run together.
    text('ENDPOINT', `${e.hostname}${e.service_type}`),
    text('HOSTED_BY', e.site.name),
  ];
}

/** get_downtime: one DOWNTIME element per affected service, the downtime repeated in each. */
export function downtimeList(
  downtimes: PiDowntime[],
  params: PiParams,
  requestUrl: URL,
  publicUrl: string,
  now: Date,
): XmlElement {
  const page = paginate(
    select(downtimes, params, now),
    (s) => s.downtime.id,
    params,
    requestUrl,
    publicUrl,
  );
  const elements = page.items.flatMap(({ downtime: d, services }) =>
    services.map((e) =>
      el('DOWNTIME', attributes(d), [
        text('PRIMARY_KEY', primaryKey(d.id)),
        ...serviceFields(e).slice(1),
        text('GOCDB_PORTAL_URL', downtimePage(publicUrl, d.site.name, d.id)),
        el('AFFECTED_ENDPOINTS'),
        ...times(d),
      ]),
    ),
  );
  return el('results', {}, [page.meta, ...elements]);
}

/** get_downtime_nested_services: one DOWNTIME per downtime, its services in SERVICES. */
export function nestedDowntimeList(
  downtimes: PiDowntime[],
  params: PiParams,
  requestUrl: URL,
  publicUrl: string,
  now: Date,
): XmlElement {
  const page = paginate(
    select(downtimes, params, now),
    (s) => s.downtime.id,
    params,
    requestUrl,
    publicUrl,
  );
  const elements = page.items.map(({ downtime: d, services }) =>
    el('DOWNTIME', attributes(d), [
      ...times(d),
      text('GOCDB_PORTAL_URL', downtimePage(publicUrl, d.site.name, d.id)),
      el(
        'SERVICES',
        {},
        services.map((e) => el('SERVICE', {}, [...serviceFields(e), el('AFFECTED_ENDPOINTS')])),
      ),
    ]),
  );
  return el('results', {}, [page.meta, ...elements]);
}
