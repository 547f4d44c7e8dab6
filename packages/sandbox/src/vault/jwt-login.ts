import { compactVerify, errors, type JWTVerifyGetKey } from 'jose';

/** The JWT auth method's configuration (auth/jwt/config) and the role logins use. */
export interface JwtAuthConfig {
  /** `bound_issuer`: the sandbox issuer's URL. */
  boundIssuer: string;
  /** The issuer's signing keys (its JWKS, as `jwks_url` / OIDC discovery give Vault). */
  keys: JWTVerifyGetKey;
  defaultRole: string;
  roles: Record<string, JwtRole>;
}

export interface JwtRole {
  /** `bound_audiences`: the `aud` the issuer puts in its access tokens. */
  boundAudiences: string[];
  userClaim: string;
  tokenPolicies: string[];
  /** Seconds. */
  tokenTtl: number;
  /** Seconds; 0 is the system's max. */
  tokenMaxTtl: number;
}

/** Vault's default `clock_skew_leeway` (60 s) applies to exp, nbf and iat alike. */
const CLOCK_SKEW_LEEWAY = 60;

const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
];

export type JwtOutcome =
  { ok: true; claims: Record<string, unknown>; user: string } | { ok: false; message: string };

/**
 * vault-plugin-auth-jwt's checks in its order, with its messages (path_login.go and
 * hashicorp/cap jwt.Validate): signature against the issuer's keys, issuer, audience, times with
 * the clock skew leeway, then the user claim.
 */
export async function validateLoginJwt(
  token: string,
  config: JwtAuthConfig,
  role: JwtRole,
  nowSeconds: number,
): Promise<JwtOutcome> {
  const fail = (message: string): JwtOutcome => ({ ok: false, message });
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, config.keys, { algorithms: SIGNING_ALGORITHMS }));
  } catch (error) {
    return fail(
      `error validating token: error verifying token signature: ${signatureError(error)}`,
    );
  }
  let claims: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
    claims = parsed as Record<string, unknown>;
  } catch {
    return fail(
      'error validating token: error verifying token signature: oidc: malformed jwt payload',
    );
  }
  if (config.boundIssuer !== '' && claims.iss !== config.boundIssuer) {
    return fail('error validating token: invalid issuer (iss) claim');
  }
  if (role.boundAudiences.length > 0) {
    const aud =
      typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    if (!aud.some((a) => role.boundAudiences.includes(String(a)))) {
      return fail(
        'error validating token: invalid audience (aud) claim: audience claim does not match any expected audience',
      );
    }
  } else if (
    (typeof claims.aud === 'string' && claims.aud !== '') ||
    (Array.isArray(claims.aud) && claims.aud.length > 0)
  ) {
    return fail('audience claim found in JWT but no audiences bound to the role');
  }
  const timeMessage = checkTimes(claims, nowSeconds);
  if (timeMessage) return fail(`error validating token: ${timeMessage}`);
  const user = claims[role.userClaim];
  if (user === undefined || user === null) {
    return fail(`claim ${JSON.stringify(role.userClaim)} not found in token`);
  }
  if (typeof user !== 'string') {
    return fail(`claim ${JSON.stringify(role.userClaim)} could not be converted to string`);
  }
  return { ok: true, claims, user };
}

function numeric(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function checkTimes(claims: Record<string, unknown>, now: number): string | undefined {
  const iat = numeric(claims.iat);
  let exp = numeric(claims.exp);
  let nbf = numeric(claims.nbf);
  if (iat === 0 && exp === 0 && nbf === 0) {
    return 'no issued at (iat), not before (nbf), or expiration time (exp) claims in token';
  }
  // cap/jwt fills a missing exp from iat/nbf plus the default expiration leeway (150 s), and a
  // missing nbf from iat.
  if (exp === 0) exp = Math.max(iat, nbf) + 150;
  if (nbf === 0) nbf = iat !== 0 ? iat : exp - 150;
  if (now + CLOCK_SKEW_LEEWAY < nbf) return 'invalid not before (nbf) claim: token not yet valid';
  if (now - CLOCK_SKEW_LEEWAY > exp) return 'invalid expiration time (exp) claim: token is expired';
  if (iat !== 0 && now + CLOCK_SKEW_LEEWAY < iat) {
    return 'invalid issued at (iat) claim: token issued in the future';
  }
  return undefined;
}

/** go-oidc's RemoteKeySet messages, which Vault passes on. */
function signatureError(error: unknown): string {
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'failed to verify id token signature';
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return `fetching keys oidc: get keys failed: ${error.message}`;
  }
  if (error instanceof errors.JOSEError) return `oidc: malformed jwt: ${error.message}`;
  return `fetching keys oidc: get keys failed: ${error instanceof Error ? error.message : String(error)}`;
}
