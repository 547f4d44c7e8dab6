import type { SiteConfig } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import { renderJson, renderLines, writeErr, writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';

export interface SiteListFlags {
  vo?: string;
  /** Ask the hub now rather than use its cached list. */
  refresh?: boolean;
}

/** Every site of the directory; with a VO, those supporting it (fedcloudclient PR #203). */
export async function listSites(runtime: Runtime, opts: SiteListFlags): Promise<SiteConfig[]> {
  const sites = await runtime.sites.listSites(opts.refresh ? { refresh: true } : {});
  const { vo } = opts;
  return vo ? sites.filter((site) => site.vos.some((v) => v.name === vo)) : sites;
}

export function renderSiteList(
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  sites: SiteConfig[],
  json: boolean,
): void {
  writeOut(
    ctx,
    json
      ? renderJson(
          sites.map((s) => ({
            name: s.name,
            endpoint: s.endpoint,
            protocol: s.protocol,
            ...(s.region ? { region: s.region } : {}),
            vos: s.vos.map((v) => v.name),
            // Where the entry came from: the hub's URL (marked when a cached copy stood in for
            // an unreachable hub) or the site file.
            source: s.source,
            ...(s.state ? { state: s.state } : {}),
          })),
        )
      : renderLines(sites.map((s) => s.name)),
  );
  // stdout stays the list scripts read; the warning is for the person at the terminal.
  for (const site of sites.filter((s) => s.state === 'unreachable')) {
    writeErr(
      ctx,
      `warning: site ${site.name} is unreachable: its agent cannot read it, so its VOs are as last read`,
    );
  }
}
