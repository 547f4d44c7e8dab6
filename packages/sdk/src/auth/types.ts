import type { Transport } from '@fedcloud/openstack';
import type { FedcloudError } from '../errors.js';

/** Where an OIDC access token comes from; fedcloudclient's names and order (see token-options.ts). */
export interface TokenOptions {
  /** --oidc-access-token / OIDC_ACCESS_TOKEN */
  accessToken?: string;
  /** --mytoken / FEDCLOUD_MYTOKEN */
  mytoken?: string;
  /** --mytoken-server / FEDCLOUD_MYTOKEN_SERVER (default https://mytoken.data.kit.edu) */
  mytokenServer?: string;
  /** --oidc-agent-account / OIDC_AGENT_ACCOUNT */
  oidcAgentAccount?: string;
  /** OIDC_SOCK: oidc-agent's UNIX socket */
  oidcAgentSocket?: string;
  /** OIDC_REFRESH_TOKEN (+ OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_URL = the issuer) */
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  issuer?: string;
}

export type TokenSourceKind = 'access-token' | 'mytoken' | 'oidc-agent' | 'refresh-token';

/** Hands out a valid access token, renewing it when a refreshable source allows. */
export interface TokenProvider {
  readonly kind: TokenSourceKind;
  /** True when an expiring token can be replaced without the user (mytoken, oidc-agent, refresh). */
  readonly refreshable: boolean;
  /**
   * A token valid for at least `minValidSeconds` (default 30); FedcloudError TOKEN_* otherwise.
   * A renewed token is handed out even when the issuer's lifetime is shorter than asked, unless
   * `strict`: then every source is asked in turn, and TOKEN_EXPIRED says what each could give
   * when none gives that much (`fedcloud token issue --min-valid`).
   */
  getAccessToken(options?: {
    minValidSeconds?: number;
    signal?: AbortSignal;
    strict?: boolean;
  }): Promise<string>;
  /**
   * Asks every configured source for a token on its own, in the order above, and says what each
   * gave or why it failed (`fedcloud token check`). A mytoken with a use count spends one use.
   * Absent on the fixed-token stand-ins of tests.
   */
  checkSources?(): Promise<TokenSourceCheck[]>;
}

/** What one configured source gave when asked. */
export interface TokenSourceCheck {
  kind: TokenSourceKind;
  /** The source in the user's words: `oidc-agent account "egi" (OIDC_AGENT_ACCOUNT)`. */
  label: string;
  /** Whether it can mint new tokens (everything but an explicit access token). */
  renewable: boolean;
  /** The token it gave: for the caller to inspect, never to print. */
  accessToken?: string;
  /** Its expiry, when the token (or the source) says. */
  expiresAt?: Date;
  /** Why it gave none. */
  error?: FedcloudError;
}

export interface TokenProviderContext {
  transport: Transport;
  /** Current time, for tests. */
  now?: () => Date;
  /** How long to wait for oidc-agent (default 60 s: it may be prompting for a password). */
  oidcAgentTimeoutMs?: number;
}

export interface DecodedToken {
  issuer: string;
  subject: string;
  expiresAt: Date;
  issuedAt?: Date;
  scope?: string;
  claims: Record<string, unknown>;
}
