export {
  FEDCLOUD_ERROR_CODES,
  FedcloudError,
  isFedcloudError,
  type FedcloudErrorCode,
  type FedcloudErrorOptions,
} from './errors.js';
export type * from './auth/types.js';
export type * from './sites/types.js';
export {
  createTokenProvider,
  decodeAccessToken,
  listVos,
  tokenOptionsFromEnv,
  vosFromEntitlements,
} from './auth/index.js';
export {
  defaultSiteDirectory,
  findSite,
  folderDirectory,
  parseSiteYaml,
  siteVo,
} from './sites/index.js';
export {
  createKeystoneCache,
  listSiteProjects,
  openSiteSession,
  type KeystoneCache,
  type SessionOptions,
  type SiteSession,
} from './session.js';
export { fanOut, type FanOutOptions, type FanOutResult } from './fanout.js';
export { createTransport, type TransportOptions } from './transport.js';
export { describeTokenExpiry } from './auth/index.js';
