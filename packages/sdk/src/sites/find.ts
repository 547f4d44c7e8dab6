import { FedcloudError } from '../errors.js';
import { closestNames } from './suggest.js';
import type { SiteConfig, SiteDirectory, SiteVo } from './types.js';

/** Up to this many sites are listed in full when a name is unknown; more would drown the hint. */
const LIST_ALL_UP_TO = 12;

/**
 * The site by GOCDB name. GOCDB names are unique regardless of case, and users type them in any
 * case, so the match ignores it (an exact-case match wins if a folder has both).
 */
export async function findSite(
  directory: SiteDirectory,
  name: string,
  options: { signal?: AbortSignal } = {},
): Promise<SiteConfig> {
  const sites = await directory.listSites(options);
  const exact = sites.find((site) => site.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  const found = sites.find((site) => site.name.toLowerCase() === lower);
  if (found) return found;

  const known = sites.map((site) => site.name);
  const suggestions = closestNames(name, known);
  const hints: string[] = [];
  if (suggestions.length > 0) hints.push(`Did you mean: ${suggestions.join(', ')}?`);
  if (known.length === 0) hints.push(`No site is described in ${directory.description}.`);
  else if (known.length <= LIST_ALL_UP_TO) hints.push(`Known sites: ${known.join(', ')}.`);
  else hints.push(`${known.length} sites are known; \`fedcloud site list\` shows them.`);
  throw new FedcloudError('SITE_UNKNOWN', `unknown site "${name}" (${directory.description})`, {
    hint: hints.join(' '),
    details: { site: name, suggestions, known },
  });
}

/** The VO's entry at the site (VO names compared without case); VO_NOT_AT_SITE otherwise. */
export function siteVo(site: SiteConfig, vo: string): SiteVo {
  const lower = vo.toLowerCase();
  const entry = site.vos.find((candidate) => candidate.name.toLowerCase() === lower);
  if (entry) return entry;
  const names = site.vos.map((candidate) => candidate.name);
  throw new FedcloudError('VO_NOT_AT_SITE', `VO ${vo} is not supported at site ${site.name}`, {
    hint:
      names.length > 0
        ? `${site.name} supports: ${names.join(', ')}.`
        : `${site.name} lists no VOs in ${site.source}.`,
    details: { site: site.name, vo, vos: names },
  });
}
