export { getFlavor, listFlavors } from './flavors.js';
export {
  createKeypair,
  deleteKeypair,
  listKeypairs,
  type CreateKeypairRequest,
} from './keypairs.js';
export { getComputeQuotas, getLimits } from './limits.js';
export {
  computeQuotaSetSchema,
  createdServerSchema,
  flavorSchema,
  keypairSchema,
  limitsSchema,
  remoteConsoleSchema,
  serverSchema,
  type ComputeLimits,
  type ComputeQuotaSet,
  type CreatedServer,
  type Flavor,
  type Keypair,
  type QuotaDetail,
  type RemoteConsole,
  type Server,
} from './schemas.js';
export {
  createServer,
  deleteServer,
  getConsoleUrl,
  getServer,
  listServers,
  serverAction,
  type ConsoleOptions,
  type CreateServerOptions,
  type CreateServerRequest,
  type ServerActionName,
  type ServerActionOptions,
  type ServerListQuery,
} from './servers.js';
