import {
  DEFAULT_TIMEOUT_MS,
  networkReason,
  transportFetch,
  type Transport,
} from '@fedcloud/openstack';
import * as oidc from 'openid-client';
import { FedcloudError } from '../errors.js';
import { expiryOf, readJwt } from './decode.js';
import { REFRESH_HINT } from './hints.js';
import { scrub } from './redact.js';
import type { IssuedToken, RenewableSource } from './source.js';

export interface RefreshTokenSourceOptions {
  refreshToken: string;
  clientId: string;
  clientSecret?: string | undefined;
  issuer: URL;
  transport: Transport;
  now: () => Date;
}

/** Plain-HTTP issuers are a developer's own machine or nothing (the sandbox's --insecure-http). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isAllowedIssuer(url: URL): boolean {
  return (
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  );
}

/**
 * Access tokens from an OIDC refresh token (the OIDC_REFRESH_TOKEN of fedcloudclient < 1.3 and
 * egicli): discovery of the issuer, then the refresh_token grant. A rotated refresh token (the
 * issuer returns a new one, as Keycloak and oidc-provider do for public clients) replaces the old
 * one in memory, since the old one is spent.
 */
export function refreshTokenSource(options: RefreshTokenSourceOptions): RenewableSource {
  let refreshToken = options.refreshToken;
  let configuration: Promise<oidc.Configuration> | undefined;

  const discover = async (): Promise<oidc.Configuration> => {
    const insecure = options.issuer.protocol === 'http:';
    return oidc.discovery(
      options.issuer,
      options.clientId,
      options.clientSecret,
      // A public client (no secret) identifies itself with client_id alone.
      options.clientSecret ? undefined : oidc.None(),
      {
        // openid-client's hook: discovery and the token endpoint trust the transport's CAs.
        [oidc.customFetch]: transportFetch(options.transport) as oidc.CustomFetch,
        timeout: Math.ceil((options.transport.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000),
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
  };

  return {
    kind: 'refresh-token',
    label: `refresh token (OIDC_REFRESH_TOKEN) of client ${options.clientId} at ${options.issuer.href}`,
    async issue(): Promise<IssuedToken> {
      configuration ??= discover();
      let config: oidc.Configuration;
      try {
        config = await configuration;
      } catch (error) {
        // Let the next renewal try discovery again (the issuer may have been briefly down).
        configuration = undefined;
        throw refreshError(
          `Discovery of the issuer ${options.issuer.href} failed`,
          error,
          refreshToken,
        );
      }
      const sent = refreshToken;
      let answer: Awaited<ReturnType<typeof oidc.refreshTokenGrant>>;
      try {
        answer = await oidc.refreshTokenGrant(config, sent);
      } catch (error) {
        throw refreshError(
          `The issuer ${options.issuer.href} refused to refresh the token`,
          error,
          sent,
        );
      }
      if (answer.refresh_token) refreshToken = answer.refresh_token;
      const expiresIn = answer.expiresIn();
      const expiresAt =
        expiryOf(readJwt(answer.access_token)) ??
        (expiresIn === undefined
          ? undefined
          : new Date(options.now().getTime() + expiresIn * 1000));
      return expiresAt
        ? { accessToken: answer.access_token, expiresAt }
        : { accessToken: answer.access_token };
    },
  };
}

function refreshError(prefix: string, error: unknown, refreshToken: string): FedcloudError {
  let reason = error instanceof Error ? error.message : String(error);
  const details: Record<string, unknown> = {};
  if (error instanceof oidc.ResponseBodyError) {
    // invalid_grant: the refresh token expired, was revoked, or belongs to another client.
    reason = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    details['status'] = error.status;
    details['error'] = error.error;
  } else if (error instanceof Error && error.cause instanceof Error) {
    reason = `${reason}: ${networkReason(error)}`;
  }
  return new FedcloudError('TOKEN_REFRESH_FAILED', scrub(`${prefix}: ${reason}`, [refreshToken]), {
    hint: REFRESH_HINT,
    details,
    // The OAuth error body may quote the refresh token back; only network failures keep a cause.
    ...(error instanceof oidc.ResponseBodyError ? {} : { cause: error }),
  });
}
