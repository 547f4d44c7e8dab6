import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify } from 'jose';
import { listVos, transportFetch } from '@fedcloud/sdk';
import { HubError } from '../errors.js';
import type { TokenVerifier } from './types.js';

export interface JwtVerifierOptions {
  issuerUrl: string;
  /** Accepted `aud` values: a token for another service of the issuer is not ours to take. */
  audience: string[];
  /** fetch used for discovery and JWKS (e.g. one that trusts the federation's CA). */
  fetch?: typeof fetch;
}

/**
 * Verifies RS256 JWT access tokens of the federation's issuer against its JWKS, found through the
 * issuer's discovery document (Keycloak/Check-in paths differ from the root). The JWKS is fetched
 * once and refreshed by jose when a token names an unknown key id. A token must name one of the
 * accepted audiences and carry `exp`: a token that never expires is a credential for ever.
 */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const doFetch = options.fetch ?? transportFetch({});
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  let issuer: string | undefined;

  async function keys() {
    if (jwks && issuer) return { jwks, issuer };
    const url = `${options.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let meta: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await doFetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      meta = (await response.json()) as typeof meta;
    } catch (error) {
      throw new HubError(
        'UNAUTHENTICATED',
        `cannot check the token: the issuer ${options.issuerUrl} did not answer (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (typeof meta.jwks_uri !== 'string' || typeof meta.issuer !== 'string') {
      throw new HubError(
        'UNAUTHENTICATED',
        `the issuer ${options.issuerUrl} publishes no jwks_uri`,
      );
    }
    issuer = meta.issuer;
    jwks = createRemoteJWKSet(new URL(meta.jwks_uri), {
      [customFetch]: (input: string, init: RequestInit) => doFetch(input, init),
    });
    return { jwks, issuer };
  }

  return {
    async verify(token) {
      const { jwks: keySet, issuer: expectedIssuer } = await keys();
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: expectedIssuer,
          algorithms: ['RS256', 'ES256', 'PS256'],
          audience: options.audience,
          requiredClaims: ['exp'],
        });
        const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
        const subject = typeof payload.sub === 'string' ? payload.sub : clientId;
        if (!subject) throw new HubError('UNAUTHENTICATED', 'the token has no subject');
        // oidc-provider and Keycloak put sub = client id on client-credentials tokens.
        const isClient = clientId !== undefined && subject === clientId;
        return { subject, ...(clientId ? { clientId } : {}), isClient };
      } catch (error) {
        if (error instanceof HubError) throw error;
        if (error instanceof joseErrors.JWTExpired) {
          throw new HubError('UNAUTHENTICATED', 'the access token has expired; get a new one');
        }
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
          throw new HubError(
            'UNAUTHENTICATED',
            `the access token is for another audience; this hub accepts ${options.audience.join(', ')} (--audience / FEDCLOUD_HUB_AUDIENCE)`,
          );
        }
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp') {
          throw new HubError(
            'UNAUTHENTICATED',
            'the access token has no expiry (exp); this hub accepts only tokens that expire',
          );
        }
        if (error instanceof joseErrors.JWTClaimValidationFailed) {
          throw new HubError('UNAUTHENTICATED', `the access token was refused: ${error.message}`);
        }
        throw new HubError(
          'UNAUTHENTICATED',
          'the access token is not a valid token of this federation’s issuer',
        );
      }
    },
    async vosOf(token) {
      // Called after verify(): the token is the issuer's, so its userinfo is the one to ask.
      try {
        return await listVos(token, { transport: { fetch: doFetch, timeoutMs: 10_000 } });
      } catch {
        // A client token has no userinfo; no answer means no membership, never an error.
        return [];
      }
    },
  };
}
