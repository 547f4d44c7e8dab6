import {
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { FedcloudError } from '../errors.js';
import { REFRESH_AS_ACCESS_HINT } from './hints.js';
import type { DecodedToken } from './types.js';

export interface JwtParts {
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
}

/** The header and claims of a JWS-shaped token, or undefined for anything else (opaque tokens). */
export function readJwt(token: string): JwtParts | undefined {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    return undefined;
  }
}

/**
 * Keycloak (hence Check-in) issues refresh tokens as JWTs with `typ: Refresh` (or `Offline` for
 * offline_access) in the claims; other issuers mark the header. fedcloudclient PR #90 added this
 * check because users pasted refresh tokens from the Check-in token page into OIDC_ACCESS_TOKEN.
 */
export function isRefreshToken(parts: JwtParts): boolean {
  const claimType = typeof parts.claims['typ'] === 'string' ? parts.claims['typ'] : '';
  const headerType = parts.header.typ ?? '';
  return /^(refresh|offline)$/i.test(claimType) || /refresh/i.test(headerType);
}

export function refreshTokenError(): FedcloudError {
  return new FedcloudError('TOKEN_INVALID', 'The access token given is a refresh token', {
    hint: REFRESH_AS_ACCESS_HINT,
  });
}

/** `exp` as a Date, or undefined when the token carries none (or is not a JWT). */
export function expiryOf(parts: JwtParts | undefined): Date | undefined {
  const exp = parts?.claims.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
}

/**
 * Reads a JWT access token's claims without checking its signature, as `fedcloud token check`
 * does: the issuer and every site verify it anyway, and the client may not reach the JWKS.
 */
export function decodeAccessToken(token: string): DecodedToken {
  const parts = readJwt(token);
  if (!parts) {
    throw new FedcloudError('TOKEN_INVALID', 'The token is not a JWT access token', {
      hint: "Only JWT access tokens (such as EGI Check-in's) can be inspected.",
    });
  }
  if (isRefreshToken(parts)) throw refreshTokenError();
  const { claims } = parts;
  const expiresAt = expiryOf(parts);
  if (!expiresAt) {
    throw new FedcloudError('TOKEN_INVALID', 'The access token has no expiry time (exp claim)');
  }
  if (typeof claims.iss !== 'string' || claims.iss === '') {
    throw new FedcloudError('TOKEN_INVALID', 'The access token names no issuer (iss claim)');
  }
  const decoded: DecodedToken = {
    issuer: claims.iss,
    // Client-credentials tokens may have no subject; an empty one is still a usable answer.
    subject: typeof claims.sub === 'string' ? claims.sub : '',
    expiresAt,
    claims: { ...claims },
  };
  if (typeof claims.iat === 'number') decoded.issuedAt = new Date(claims.iat * 1000);
  if (typeof claims['scope'] === 'string') decoded.scope = claims['scope'];
  return decoded;
}
