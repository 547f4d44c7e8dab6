/** OIDC access tokens (fedcloudclient's sources and order) and the VOs they grant. */
export { decodeAccessToken } from './decode.js';
export { describeTokenExpiry } from './describe-expiry.js';
export { vosFromEntitlements } from './entitlements.js';
export { listVos } from './list-vos.js';
export { DEFAULT_OIDC_AGENT_TIMEOUT_MS } from './oidc-agent.js';
export {
  DEFAULT_MYTOKEN_SERVER,
  DEFAULT_OIDC_ISSUER,
  tokenOptionsFromEnv,
} from './token-options.js';
export { DEFAULT_MIN_VALID_SECONDS, createTokenProvider } from './token-provider.js';
export {
  checkTokenSignature,
  type SignatureCheck,
  type SignatureCheckOptions,
} from './verify-signature.js';
