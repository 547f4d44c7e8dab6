import type { SiteConfig } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { SiteFlags } from '../../options.js';
import { writeOut } from '../../render/write.js';
import { resolveSites, type Runtime } from '../../runtime.js';
import { showYaml } from './site-yaml.js';

export async function showSites(runtime: Runtime, flags: SiteFlags): Promise<SiteConfig[]> {
  return resolveSites(runtime, flags);
}

/**
 * As fedcloudclient prints it: `print(yaml.dump(site, sort_keys=True))` per site, i.e. PyYAML's
 * block style with sorted keys, each site followed by a blank line.
 */
export function renderSiteYaml(ctx: Pick<CliContext, 'stdout'>, sites: SiteConfig[]): void {
  writeOut(ctx, sites.map((site) => `${showYaml(site)}\n`).join(''));
}
