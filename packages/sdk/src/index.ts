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
  checkTokenSignature,
  createTokenProvider,
  decodeAccessToken,
  type SignatureCheck,
  listVos,
  tokenOptionsFromEnv,
  vosFromEntitlements,
} from './auth/index.js';
export {
  DEFAULT_HUB_TTL_SECONDS,
  defaultHubCacheDir,
  defaultSiteCacheDir,
  defaultSiteDirectory,
  findSite,
  folderDirectory,
  hubDirectory,
  hubTtlSeconds,
  listGocdbEndpoints,
  listGocdbSites,
  normalizeHubUrl,
  parseServiceEndpoints,
  parseSiteYaml,
  siteVo,
  type DefaultSiteDirectoryOptions,
  type GocdbConnection,
  type GocdbEndpoint,
  type GocdbEndpointQuery,
  type HubDirectoryOptions,
} from './sites/index.js';
export {
  createKeystoneCache,
  fromOpenStackError,
  listSiteProjects,
  openSiteSession,
  toFedcloudError,
  type KeystoneCache,
  type SessionOptions,
  type SiteSession,
} from './session.js';
export {
  ACCOUNTING_SERVICE_TYPE,
  CLOUD_SERVICE_TYPES,
  IMAGE_SYNC_SERVICE_TYPE,
  INFO_PROVIDER_SERVICE_TYPE,
  NOVA_SERVICE_TYPE,
  SWIFT_SERVICE_TYPE,
} from './service-types.js';
export { EXIT_CODES, EXIT_FAILURE, EXIT_PARTIAL_FAILURE, EXIT_USAGE } from './exit-codes.js';
export { fanOut, type FanOutOptions, type FanOutResult } from './fanout.js';
export { caTrustFromEnv, createTransport, trustStore, type TransportOptions } from './transport.js';
// Defined beside request() in @fedcloud/openstack; offered here to packages that stand on sdk only.
export { transportFetch } from '@fedcloud/openstack';
export { describeTokenExpiry } from './auth/index.js';
export {
  DEFAULT_VAULT_URL,
  SALT_KEY,
  checkLocker,
  createLocker,
  decryptSecretValues,
  deriveFernetKey,
  encryptSecretValues,
  fernetDecrypt,
  fernetEncrypt,
  InvalidFernetToken,
  openSecretStore,
  resolveVaultUrl,
  revokeLocker,
  secretOwner,
  type LockerRequest,
  type SecretStore,
  type SecretStoreAccess,
  type VaultAuth,
  type VaultConnection,
} from './vault/index.js';
