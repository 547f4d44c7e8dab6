import { FedcloudError } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { OidcFlags } from '../../options.js';
import { writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';

/** `--min-valid <seconds>`: a whole number of seconds, 0 or more. */
export function parseMinValid(value: string): number {
  const seconds = /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(seconds)) {
    throw new FedcloudError('USAGE', `--min-valid must be a whole number of seconds: ${value}`, {
      hint: 'For example `fedcloud token issue --min-valid 600` for a token valid 10 minutes more.',
    });
  }
  return seconds;
}

/**
 * The one command that prints a token: that is what it is for (`$(fedcloud token issue)`).
 * With `minValidSeconds` the token is valid at least that long, renewed from a source that can
 * (oidc-agent is asked with that min_valid_period, mytoken and refresh tokens for a new token),
 * or TOKEN_EXPIRED says what each source could give.
 */
export async function issueToken(
  runtime: Runtime,
  flags: OidcFlags,
  minValidSeconds?: number,
): Promise<string> {
  const tokens = runtime.tokens(flags);
  return minValidSeconds === undefined
    ? tokens.getAccessToken()
    : tokens.getAccessToken({ minValidSeconds, strict: true });
}

export function renderIssuedToken(ctx: Pick<CliContext, 'stdout'>, token: string): void {
  writeOut(ctx, `${token}\n`);
}
