import {
  checkTokenSignature,
  FedcloudError,
  decodeAccessToken,
  type SignatureCheck,
} from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { OidcFlags } from '../../options.js';
import { writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';

/** fedcloudclient refuses tokens with less left than this (MIN_ACCESS_TOKEN_TIME). */
const MIN_VALID_SECONDS = 30;

export interface TokenCheck {
  expiresAt: Date;
  secondsLeft: number;
  issuer: string;
  /** Whether the issuer's published keys verify the token; absent when not asked. */
  signature?: SignatureCheck;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as fedcloudclient's strftime. */
export function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** fedcloudclient's wording: seconds under a day, whole days above. */
export function describeExpiry(secondsLeft: number): string {
  return secondsLeft < 24 * 3600
    ? `Token expires in ${secondsLeft} seconds`
    : `Token expires in ${Math.floor(secondsLeft / (24 * 3600))} days`;
}

function evaluateToken(token: string, now: Date): TokenCheck {
  const decoded = decodeAccessToken(token);
  const secondsLeft = Math.floor((decoded.expiresAt.getTime() - now.getTime()) / 1000);
  return { expiresAt: decoded.expiresAt, secondsLeft, issuer: decoded.issuer };
}

export async function checkToken(
  runtime: Runtime,
  flags: OidcFlags,
  now: () => Date = () => new Date(),
): Promise<TokenCheck> {
  // Ask for any token (0 s): this command's job is to say how long it is valid.
  const token = await runtime.tokens(flags).getAccessToken({ minValidSeconds: 0 });
  const check = evaluateToken(token, now());
  return {
    ...check,
    signature: await checkTokenSignature(token, check.issuer, { fetch: runtime.fetch }),
  };
}

/**
 * Refuses (TOKEN_INVALID) a token whose signature the issuer's keys do not verify; prints
 * fedcloudclient's two lines, then fails (TOKEN_EXPIRED) when under 30 s remain; says last
 * whether the signature was checked.
 */
export function renderTokenCheck(ctx: Pick<CliContext, 'stdout'>, check: TokenCheck): void {
  const { signature } = check;
  if (signature?.status === 'invalid') {
    throw new FedcloudError(
      'TOKEN_INVALID',
      `The token's signature is invalid: ${signature.reason} (issuer ${signature.issuer}).`,
      { hint: 'This is not a token of that issuer; get a new one from it (e.g. `oidc-token`).' },
    );
  }
  writeOut(ctx, `Token is valid until ${formatUtc(check.expiresAt)} UTC\n`);
  if (check.secondsLeft < MIN_VALID_SECONDS) {
    throw new FedcloudError('TOKEN_EXPIRED', 'Expired access token.', {
      hint: 'Get a new access token (e.g. `oidc-token`, or set FEDCLOUD_MYTOKEN / OIDC_AGENT_ACCOUNT so fedcloud renews it).',
    });
  }
  writeOut(ctx, `${describeExpiry(check.secondsLeft)}\n`);
  if (signature?.status === 'valid') {
    writeOut(ctx, `Signature verified with the keys of ${signature.issuer}\n`);
  } else if (signature) {
    writeOut(ctx, `Signature not checked: ${signature.reason}\n`);
  }
}
