export { getConsoleOutput, type ConsoleOutputOptions } from './console-output.js';
export { getFlavor, getFlavorExtraSpecs, listFlavors } from './flavors.js';
export {
  createKeypair,
  deleteKeypair,
  listKeypairs,
  type CreateKeypairRequest,
} from './keypairs.js';
export { getComputeQuotaLimits, getComputeQuotas, getLimits } from './limits.js';
export {
  computeQuotaLimitsSchema,
  computeQuotaSetSchema,
  computeVersionSchema,
  consoleOutputSchema,
  createdServerSchema,
  extraSpecsSchema,
  flavorSchema,
  keypairSchema,
  limitsSchema,
  remoteConsoleSchema,
  serverSchema,
  serverUsageSchema,
  tenantUsageSchema,
  volumeAttachmentSchema,
  type ComputeLimits,
  type ComputeQuotaLimits,
  type ComputeQuotaSet,
  type ComputeVersion,
  type CreatedServer,
  type Flavor,
  type Keypair,
  type QuotaDetail,
  type RemoteConsole,
  type Server,
  type ServerUsage,
  type TenantUsage,
  type VolumeAttachment,
} from './schemas.js';
export {
  createServer,
  deleteServer,
  finishResize,
  getConsoleUrl,
  getServer,
  listServers,
  serverAction,
  resizeServer,
  serverPages,
  type ConsoleOptions,
  type CreateServerOptions,
  type CreateServerRequest,
  type ServerActionName,
  type ServerActionOptions,
  type ServerListQuery,
} from './servers.js';
export {
  getTenantUsage,
  listTenantUsages,
  type ListUsageOptions,
  type UsageOptions,
  type UsagePeriod,
} from './usage.js';
export { getComputeMicroversion } from './version.js';
export {
  attachVolume,
  detachVolume,
  getVolumeAttachment,
  listVolumeAttachments,
  type AttachOptions,
  type AttachVolumeRequest,
} from './volume-attachments.js';
