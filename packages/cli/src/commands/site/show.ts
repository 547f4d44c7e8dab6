import type { SiteConfig } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { SiteFlags } from '../../options.js';
import { writeOut } from '../../render/write.js';
import { resolveSites, type Runtime } from '../../runtime.js';
import { siteYaml } from './site-yaml.js';

export async function showSites(runtime: Runtime, flags: SiteFlags): Promise<SiteConfig[]> {
  return resolveSites(runtime, flags);
}

/** One YAML document per site; several are separated by `---`, so the output stays YAML. */
export function renderSiteYaml(ctx: Pick<CliContext, 'stdout'>, sites: SiteConfig[]): void {
  writeOut(ctx, sites.map(siteYaml).join('---\n'));
}
