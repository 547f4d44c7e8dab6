/** Per-site Keystone sessions for a VO and the on-disk token cache behind them. */
export { createKeystoneCache, type KeystoneCache } from './session/cache.js';
export { fromOpenStackError, toFedcloudError } from './session/errors.js';
export {
  listSiteProjects,
  openSiteSession,
  type SessionOptions,
  type SiteSession,
} from './session/open.js';
