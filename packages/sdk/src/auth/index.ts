/** OIDC access tokens (fedcloudclient's sources and order) and the VOs they grant. */
export { decodeAccessToken } from './decode.js';
export { describeTokenExpiry } from './describe-expiry.js';
export { vosFromEntitlements } from './entitlements.js';
export { listVos } from './list-vos.js';
export { tokenOptionsFromEnv } from './token-options.js';
export { createTokenProvider } from './token-provider.js';
export { checkTokenSignature, type SignatureCheck } from './verify-signature.js';
