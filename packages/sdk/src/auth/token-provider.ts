import { FedcloudError, isFedcloudError } from '../errors.js';
import { expiryOf, isRefreshToken, readJwt, refreshTokenError } from './decode.js';
import { TOKEN_EXPIRED_HINT, TOKEN_MISSING_HINT, withSandboxTokenHint } from './hints.js';
import { mytokenSource } from './mytoken.js';
import { oidcAgentSource } from './oidc-agent.js';
import { isAllowedIssuer, refreshTokenSource } from './refresh-token.js';
import type { IssuedToken, RenewableSource } from './source.js';
import { DEFAULT_MYTOKEN_SERVER, DEFAULT_OIDC_ISSUER } from './token-options.js';
import type {
  TokenOptions,
  TokenProvider,
  TokenProviderContext,
  TokenSourceCheck,
} from './types.js';

/** fedcloudclient's _MIN_ACCESS_TOKEN_TIME: a token with less left is treated as expired. */
const DEFAULT_MIN_VALID_SECONDS = 30;
/** The explicit token, as `token check` and `token issue --min-valid` name it. */
const EXPLICIT_LABEL = 'access token (OIDC_ACCESS_TOKEN)';

/**
 * The provider for the sources configured, in fedcloudclient's order (checkin.py
 * `get_access_token`): explicit access token, mytoken, oidc-agent, then refresh token. The current
 * token is kept in memory and handed out while it has `minValidSeconds` left; after that the
 * renewable sources are asked in the same order, the first that answers wins. Concurrent callers
 * (a fan-out over 30 sites) share one renewal. Configuration mistakes throw here; token problems
 * surface from `getAccessToken`.
 */
export function createTokenProvider(
  options: TokenOptions,
  context: TokenProviderContext,
): TokenProvider {
  const now = context.now ?? (() => new Date());
  const renewable = renewableSources(options, context, now);
  const explicit = options.accessToken ? explicitToken(options.accessToken) : undefined;
  const first = explicit ? 'access-token' : renewable[0]?.kind;
  if (!first) {
    throw new FedcloudError('TOKEN_MISSING', 'An access token is needed for this operation', {
      hint: TOKEN_MISSING_HINT,
    });
  }

  let current: IssuedToken | undefined = explicit;
  let renewal: Promise<IssuedToken> | undefined;

  const secondsLeft = (token: IssuedToken): number =>
    token.expiresAt === undefined ? Infinity : (token.expiresAt.getTime() - now().getTime()) / 1000;

  const renew = async (minValidSeconds: number): Promise<IssuedToken> => {
    let firstError: unknown;
    for (const source of renewable) {
      try {
        const token = await source.issue(minValidSeconds);
        current = token;
        return token;
      } catch (error) {
        // fedcloudclient falls through to the next source when one fails; the first source's
        // error is the one reported, as it is the one the user most likely meant to use.
        firstError ??= error;
      }
    }
    throw firstError;
  };

  /**
   * Every source in turn until one gives `minValidSeconds`; no shared renewal, as this is for a
   * single caller (`token issue --min-valid`) that wants a reason rather than a shorter token.
   */
  const strictToken = async (minValidSeconds: number, signal?: AbortSignal): Promise<string> => {
    if (current && secondsLeft(current) >= minValidSeconds) return current.accessToken;
    const shortfalls: string[] = [];
    if (explicit) shortfalls.push(`${EXPLICIT_LABEL} ${describeLeft(explicit, now())}`);
    let firstError: unknown;
    let failed = false;
    let gaveShort = false;
    for (const source of renewable) {
      signal?.throwIfAborted();
      try {
        const token = await source.issue(minValidSeconds);
        if (secondsLeft(token) >= minValidSeconds) {
          current = token;
          return token.accessToken;
        }
        gaveShort = true;
        shortfalls.push(`${source.label} gave a new token that ${describeLeft(token, now())}`);
      } catch (error) {
        if (!failed) firstError = error;
        failed = true;
        shortfalls.push(`${source.label} failed: ${messageOf(error)}`);
      }
    }
    // Nothing but failures: the first source's own error (and hint) says best what to fix.
    if (!explicit && !gaveShort && failed) throw firstError;
    const issuer = readJwt(current?.accessToken ?? '')?.claims.iss;
    throw new FedcloudError(
      'TOKEN_EXPIRED',
      `No token source gives a token valid for ${minValidSeconds} seconds: ${shortfalls.join('; ')}`,
      {
        hint: gaveShort
          ? "The issuer's access tokens live shorter than that: ask for less, or get a new token during the job (`fedcloud token issue` again, or let fedcloud renew it by itself)."
          : withSandboxTokenHint(
              TOKEN_EXPIRED_HINT,
              typeof issuer === 'string' ? issuer : undefined,
            ),
      },
    );
  };

  return {
    kind: first,
    refreshable: renewable.length > 0,
    async getAccessToken(request = {}): Promise<string> {
      const minValidSeconds = request.minValidSeconds ?? DEFAULT_MIN_VALID_SECONDS;
      request.signal?.throwIfAborted();
      if (request.strict) return strictToken(minValidSeconds, request.signal);
      if (current && secondsLeft(current) >= minValidSeconds) return current.accessToken;
      if (renewable.length === 0) throw expiredError(current, minValidSeconds, now());
      // One renewal for all callers waiting at this moment: refresh tokens may rotate (a second
      // concurrent use of the old one would be reuse, which revokes the grant) and 30 identical
      // requests would only load the issuer.
      renewal ??= renew(minValidSeconds).finally(() => {
        renewal = undefined;
      });
      const token = await abortable(renewal, request.signal);
      // A fresh token is the best any source can give: hand it out even when the issuer's lifetime
      // is shorter than what was asked for, as long as it has not already expired.
      if (secondsLeft(token) <= 0) {
        throw new FedcloudError('TOKEN_EXPIRED', 'The renewed access token has already expired', {
          hint: "Check that this computer's clock is right.",
        });
      }
      return token.accessToken;
    },
    async checkSources(): Promise<TokenSourceCheck[]> {
      const checks: TokenSourceCheck[] = [];
      if (explicit) {
        checks.push({ kind: 'access-token', label: EXPLICIT_LABEL, renewable: false, ...explicit });
      }
      // One after the other, in the order they are used: the report reads like the renewal.
      for (const source of renewable) {
        const check: TokenSourceCheck = {
          kind: source.kind,
          label: source.label,
          renewable: true,
        };
        try {
          Object.assign(check, await source.issue(DEFAULT_MIN_VALID_SECONDS));
        } catch (error) {
          check.error = isFedcloudError(error)
            ? error
            : new FedcloudError('INTERNAL', messageOf(error), { cause: error });
        }
        checks.push(check);
      }
      return checks;
    },
  };
}

/** `expires in 120 seconds`, `expired at 2025-01-01 00:00:00 UTC`, `has no expiry`. */
function describeLeft(token: IssuedToken, now: Date): string {
  if (!token.expiresAt) return 'has no expiry';
  const left = Math.floor((token.expiresAt.getTime() - now.getTime()) / 1000);
  if (left <= 0)
    return `expired at ${token.expiresAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return `expires in ${left} seconds`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function explicitToken(accessToken: string): IssuedToken {
  const parts = readJwt(accessToken);
  if (parts && isRefreshToken(parts)) throw refreshTokenError();
  // Opaque tokens (and JWTs without exp) carry no expiry we can read: used as they are.
  const expiresAt = expiryOf(parts);
  return expiresAt ? { accessToken, expiresAt } : { accessToken };
}

function expiredError(
  token: IssuedToken | undefined,
  minValidSeconds: number,
  now: Date,
): FedcloudError {
  const expiresAt = token?.expiresAt;
  const expired = expiresAt !== undefined && expiresAt.getTime() <= now.getTime();
  const message = expired
    ? 'The access token has expired'
    : `The access token expires in less than ${minValidSeconds} seconds`;
  const issuer = token ? readJwt(token.accessToken)?.claims.iss : undefined;
  return new FedcloudError('TOKEN_EXPIRED', message, {
    hint: withSandboxTokenHint(TOKEN_EXPIRED_HINT, typeof issuer === 'string' ? issuer : undefined),
    ...(expiresAt ? { details: { expiresAt: expiresAt.toISOString() } } : {}),
  });
}

function renewableSources(
  options: TokenOptions,
  context: TokenProviderContext,
  now: () => Date,
): RenewableSource[] {
  const sources: RenewableSource[] = [];
  if (options.mytoken) {
    sources.push(
      mytokenSource({
        mytoken: options.mytoken,
        server: options.mytokenServer ?? DEFAULT_MYTOKEN_SERVER,
        transport: context.transport,
        now,
      }),
    );
  }
  if (options.oidcAgentAccount) {
    sources.push(
      oidcAgentSource({
        account: options.oidcAgentAccount,
        socketPath: options.oidcAgentSocket,
        ...(context.oidcAgentTimeoutMs === undefined
          ? {}
          : { timeoutMs: context.oidcAgentTimeoutMs }),
      }),
    );
  }
  if (options.refreshToken) {
    if (!options.clientId) {
      throw new FedcloudError('USAGE', 'OIDC_REFRESH_TOKEN is set but OIDC_CLIENT_ID is not', {
        hint: 'A refresh token can only be used by the client it was issued to: set OIDC_CLIENT_ID (and OIDC_CLIENT_SECRET for a confidential client).',
      });
    }
    sources.push(
      refreshTokenSource({
        refreshToken: options.refreshToken,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        issuer: issuerUrl(options.issuer ?? DEFAULT_OIDC_ISSUER),
        transport: context.transport,
        now,
      }),
    );
  }
  return sources;
}

function issuerUrl(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new FedcloudError('USAGE', `OIDC_URL is not a URL: ${issuer}`);
  }
  if (!isAllowedIssuer(url)) {
    throw new FedcloudError('USAGE', `OIDC_URL must use https: ${url.href}`, {
      hint: 'Plain http is accepted only for an issuer on this machine (127.0.0.1 or localhost).',
    });
  }
  return url;
}

/** The shared renewal, given up by this caller alone when its signal aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}
