/**
 * Site descriptions: the fedcloud-catchall YAML format, folders of them, a hub's cloud-info API,
 * GOCDB's endpoint list, lookups by name.
 */
export {
  defaultSiteDirectory,
  folderDirectory,
  hubTtlSeconds,
  type DefaultSiteDirectoryOptions,
} from './directory.js';
export { defaultSiteCacheDir } from './parsed-cache.js';
export {
  listGocdbEndpoints,
  listGocdbSites,
  parseServiceEndpoints,
  type GocdbConnection,
  type GocdbEndpoint,
  type GocdbEndpointQuery,
} from './gocdb.js';
export {
  DEFAULT_HUB_TTL_SECONDS,
  hubDirectory,
  normalizeHubUrl,
  type HubDirectoryOptions,
} from './hub.js';
export { defaultHubCacheDir } from './hub-cache.js';
export { findSite, siteVo } from './find.js';
export { parseSiteYaml } from './parse.js';
