export { authenticate } from './authenticate.js';
export { assertAllowed, isAllowed, type Action, type Target } from './permissions.js';
export { createJwtVerifier, type JwtVerifierOptions } from './verifier.js';
export { ROLES, type Principal, type Role, type RoleGrant, type TokenVerifier } from './types.js';
