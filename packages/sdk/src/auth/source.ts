import type { TokenSourceKind } from './types.js';

/** An access token as a source handed it out. */
export interface IssuedToken {
  accessToken: string;
  /** Unknown for opaque tokens whose source said nothing about their lifetime. */
  expiresAt?: Date;
}

/** A source that can mint a new access token without the user: mytoken, oidc-agent, refresh. */
export interface RenewableSource {
  readonly kind: TokenSourceKind;
  /** Which source, in the user's words: `oidc-agent account "egi" (OIDC_AGENT_ACCOUNT)`. */
  readonly label: string;
  /** A fresh token; the source is asked for at least `minValidSeconds` where it supports that. */
  issue(minValidSeconds: number): Promise<IssuedToken>;
}
