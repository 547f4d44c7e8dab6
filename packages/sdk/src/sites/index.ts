import type { SiteConfig, SiteDirectory } from './types.js';

const todo = (): never => {
  throw new Error('not implemented yet');
};

/** Parses one fedcloud-catchall site YAML; FedcloudError SITE_CONFIG_INVALID with file:line:col. */
export function parseSiteYaml(_text: string, _source: string): SiteConfig {
  return todo();
}

/** Every `*.yaml` in a folder (fedcloudclient's ~/.config/fedcloud/site-config, or the sandbox's sites.d). */
export function folderDirectory(_dir: string): SiteDirectory {
  return todo();
}

/**
 * The directory in effect: FEDCLOUD_SITE_CONFIG_DIR, else ~/.config/fedcloud/site-config.
 * (The hub becomes a source when FEDCLOUD_HUB is set, in a later change.)
 */
export function defaultSiteDirectory(_env: NodeJS.ProcessEnv): SiteDirectory {
  return todo();
}

/** The site by GOCDB name (case-insensitive); SITE_UNKNOWN suggesting the closest names. */
export async function findSite(_directory: SiteDirectory, _name: string): Promise<SiteConfig> {
  return todo();
}

/** The VO's entry at the site; VO_NOT_AT_SITE listing the VOs the site has. */
export function siteVo(_site: SiteConfig, _vo: string): SiteConfig['vos'][number] {
  return todo();
}
