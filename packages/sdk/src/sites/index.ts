/** Site descriptions: the fedcloud-catchall YAML format, folders of them, lookups by name. */
export { defaultSiteDirectory, folderDirectory } from './directory.js';
export { findSite, siteVo } from './find.js';
export { parseSiteYaml } from './parse.js';
export { closestNames, editDistance } from './suggest.js';
