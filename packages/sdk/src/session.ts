/** Per-site Keystone sessions for a VO and the on-disk token cache behind them. */
export {
  createKeystoneCache,
  defaultKeystoneCacheDir,
  keystoneCacheKey,
  MIN_REMAINING_MS,
  type KeystoneCache,
  type KeystoneCacheKeyParts,
  type KeystoneCacheOptions,
} from './session/cache.js';
export { fromOpenStackError, toFedcloudError } from './session/errors.js';
export {
  listSiteProjects,
  openSiteSession,
  type SessionOptions,
  type SiteSession,
} from './session/open.js';
