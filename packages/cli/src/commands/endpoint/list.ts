import { listGocdbEndpoints, listGocdbSites, NOVA_SERVICE_TYPE } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { SiteFlags } from '../../options.js';
import { isAllSites } from '../../options.js';
import { renderSimpleTable } from '../../render/simple-table.js';
import { renderJson, writeOut } from '../../render/write.js';
import { resolveSites, type Runtime } from '../../runtime.js';

export interface EndpointRow {
  site: string;
  type: string;
  url: string;
}

export interface EndpointListFlags extends SiteFlags {
  serviceType: string;
  /** Also endpoints not in production (GOCDB's IN_PRODUCTION=N). */
  notProduction?: boolean;
  /** Also endpoints not monitored (drops `monitored=Y` from the query). */
  notMonitored?: boolean;
}

/**
 * With a hub (FEDCLOUD_HUB), its GOCDB interface, read as fedcloudclient reads goc.egi.eu.
 * Without, the site files, whose entries are production, monitored Keystone endpoints (what GOCDB
 * lists as org.openstack.nova), so only that type has rows and the switches change nothing.
 */
export async function listEndpoints(
  runtime: Runtime,
  flags: EndpointListFlags,
): Promise<EndpointRow[]> {
  const hubUrl = runtime.hubUrl;
  if (hubUrl) return gocdbEndpoints(runtime, hubUrl, flags);
  const sites =
    flags.site || isAllSites(flags)
      ? await resolveSites(runtime, flags)
      : await runtime.sites.listSites();
  if (flags.serviceType !== NOVA_SERVICE_TYPE) return [];
  return sites.map((site) => ({ site: site.name, type: NOVA_SERVICE_TYPE, url: site.endpoint }));
}

/**
 * fedcloudclient's find_endpoint: the service type's endpoints (monitored ones unless
 * --not-monitored), production ones unless --not-production; without --site, only those of
 * certified sites (get_site_list), which it asks for at the same time.
 */
async function gocdbEndpoints(
  runtime: Runtime,
  hubUrl: string,
  flags: EndpointListFlags,
): Promise<EndpointRow[]> {
  const connection = {
    baseUrl: `${hubUrl}/gocdbpi/public/`,
    fetch: runtime.fetch,
    timeoutMs: runtime.timeoutMs,
  };
  const site = flags.site && !isAllSites(flags) ? flags.site : undefined;
  const [endpoints, certified] = await Promise.all([
    listGocdbEndpoints({
      ...connection,
      serviceType: flags.serviceType,
      monitored: flags.notMonitored !== true,
      ...(site ? { site } : {}),
    }),
    site ? undefined : listGocdbSites({ ...connection, certificationStatus: 'Certified' }),
  ]);
  const certifiedSites = certified && new Set(certified);
  return endpoints
    .filter((endpoint) => flags.notProduction === true || endpoint.inProduction)
    .filter((endpoint) => !certifiedSites || certifiedSites.has(endpoint.site))
    .map((endpoint) => ({ site: endpoint.site, type: flags.serviceType, url: endpoint.url }));
}

export function renderEndpoints(
  ctx: Pick<CliContext, 'stdout'>,
  rows: EndpointRow[],
  json: boolean,
): void {
  writeOut(
    ctx,
    json
      ? renderJson(rows)
      : renderSimpleTable(
          ['Site', 'type', 'URL'],
          rows.map((r) => [r.site, r.type, r.url]),
        ),
  );
}
