export { assertAllowed, isAllowed } from './permissions.js';
export { createJwtVerifier } from './verifier.js';
export { ROLES, type Principal, type Role, type TokenVerifier } from './types.js';
