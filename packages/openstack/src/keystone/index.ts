export {
  catalogEntrySchema,
  catalogSchema,
  endpointSchema,
  findEndpoint,
  type CatalogEndpoint,
  type CatalogEntry,
  type EndpointInterface,
  type EndpointQuery,
} from './catalog.js';
export {
  discoverIdentity,
  identityBaseUrl,
  identityV3Url,
  type IdentityDiscovery,
  type IdentityVersion,
} from './discovery.js';
export { loginWithFederation, type FederatedLoginOptions } from './federation.js';
export { loginWithPassword, type PasswordLoginOptions } from './password.js';
export {
  authProjectSchema,
  getProject,
  identityProjectSchema,
  listAuthProjects,
  listProjects,
  type AuthProject,
  type IdentityProject,
  type ListProjectsOptions,
} from './projects.js';
export { getUser, listUsers, userSchema, type KeystoneUser } from './users.js';
export { scopeToProject, type ScopeOptions } from './scope.js';
export { tokenBodySchema, type TokenBody, type TokenInfo } from './token-body.js';
export { revokeToken, validateToken, type TokenCheck } from './tokens.js';
export type { ProjectSelector, ScopedAuth, UnscopedToken } from './types.js';
