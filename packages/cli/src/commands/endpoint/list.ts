import type { CliContext } from '../../context.js';
import type { SiteFlags } from '../../options.js';
import { isAllSites } from '../../options.js';
import { renderSimpleTable } from '../../render/simple-table.js';
import { renderJson, writeOut } from '../../render/write.js';
import { resolveSites, type Runtime } from '../../runtime.js';

export const NOVA_SERVICE_TYPE = 'org.openstack.nova';

export interface EndpointRow {
  site: string;
  type: string;
  url: string;
}

/** --production/--not-production and --monitored/--not-monitored are accepted, not read. */
export interface EndpointListFlags extends SiteFlags {
  serviceType: string;
}

/**
 * fedcloudclient asks GOCDB; we read the site directory, whose entries are the certified,
 * production, monitored sites' Keystone endpoints (what GOCDB lists as org.openstack.nova).
 * So only that service type has rows, and the production/monitored switches change nothing.
 */
export async function listEndpoints(
  runtime: Runtime,
  flags: EndpointListFlags,
): Promise<EndpointRow[]> {
  const sites =
    flags.site || isAllSites(flags)
      ? await resolveSites(runtime, flags)
      : await runtime.sites.listSites();
  if (flags.serviceType !== NOVA_SERVICE_TYPE) return [];
  return sites.map((site) => ({ site: site.name, type: NOVA_SERVICE_TYPE, url: site.endpoint }));
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
