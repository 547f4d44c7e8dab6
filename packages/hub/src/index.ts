export { createHubApp } from './app.js';
export { startHub, type RunningHub, type StartHubOptions } from './server.js';
export { createHubContext, type HubConfig, type HubContext } from './context.js';
export { openDatabase, type HubDatabase, type DialectName } from './db/database.js';
export { HubError, type HubErrorBody, type HubErrorCode } from './errors.js';
export {
  assertAllowed,
  createJwtVerifier,
  isAllowed,
  ROLES,
  type Principal,
  type Role,
  type TokenVerifier,
} from './auth/index.js';
export type * from './api-types.js';
