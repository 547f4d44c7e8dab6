import * as oidc from 'openid-client';
import { AgentError } from '../errors.js';

export interface ClientCredentialsOptions {
  /** The federation's OIDC issuer (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Optional scope to ask for; the issuer's default otherwise. */
  scope?: string;
  now?: () => Date;
}

/** Hands out the agent's bearer token for the hub. */
export interface HubTokenSource {
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forget the cached token (the hub refused it); the next call asks the issuer again. */
  invalidate(): void;
}

/** Renew this long before the token expires, so it never lapses on the way to the hub. */
const EXPIRY_MARGIN_S = 60;

/**
 * The client-credentials grant (RFC 6749 §4.4) with openid-client, the token cached until shortly
 * before it expires. Concurrent callers share one request. Errors name the client, never the
 * secret or a token.
 */
export function clientCredentialsTokenSource(options: ClientCredentialsOptions): HubTokenSource {
  const now = options.now ?? (() => new Date());
  let config: Promise<oidc.Configuration> | undefined;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const configuration = (): Promise<oidc.Configuration> => {
    config ??= discover(options).catch((error: unknown) => {
      config = undefined; // try discovery again next time
      throw error;
    });
    return config;
  };

  const fetchToken = async (): Promise<string> => {
    const current = await configuration();
    let response: Awaited<ReturnType<typeof oidc.clientCredentialsGrant>>;
    try {
      response = await oidc.clientCredentialsGrant(
        current,
        options.scope ? { scope: options.scope } : {},
      );
    } catch (error) {
      throw tokenError(options, error);
    }
    // The raw lifetime, measured from our clock now (expiresIn() counts from openid-client's).
    const expiresIn = response.expires_in;
    // Without expires_in the token is used once: better a request too many than a stale token.
    cached =
      expiresIn === undefined
        ? undefined
        : {
            token: response.access_token,
            renewAt: now().getTime() + Math.max(0, expiresIn - EXPIRY_MARGIN_S) * 1000,
          };
    return response.access_token;
  };

  return {
    async getToken(signal) {
      signal?.throwIfAborted();
      if (cached && now().getTime() < cached.renewAt) return cached.token;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

async function discover(options: ClientCredentialsOptions): Promise<oidc.Configuration> {
  const issuer = new URL(options.issuerUrl);
  const insecure = issuer.protocol === 'http:';
  try {
    return await oidc.discovery(
      issuer,
      options.clientId,
      undefined,
      // RFC 6749 §2.3.1: every server supports HTTP Basic for client secrets (oidc-provider's default).
      oidc.ClientSecretBasic(options.clientSecret),
      {
        ...(options.fetch ? { [oidc.customFetch]: options.fetch as oidc.CustomFetch } : {}),
        // Plain HTTP only when the operator configured an http:// issuer (the sandbox's --insecure-http).
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
  } catch (error) {
    throw new AgentError(
      'TOKEN_FAILED',
      `OIDC discovery at ${issuer.origin}${issuer.pathname.replace(/\/+$/, '')}/.well-known/openid-configuration failed: ${describe(error)}`,
      { cause: error },
    );
  }
}

function tokenError(options: ClientCredentialsOptions, error: unknown): AgentError {
  return new AgentError(
    'TOKEN_FAILED',
    `the issuer refused a token for client ${options.clientId}: ${describe(error)}`,
    { cause: error },
  );
}

/** openid-client's errors carry the OAuth `error` / `error_description` of the response. */
function describe(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) {
    return [error.error, error.error_description].filter(Boolean).join(': ');
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
