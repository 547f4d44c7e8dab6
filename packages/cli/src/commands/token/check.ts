import {
  checkTokenSignature,
  FedcloudError,
  decodeAccessToken,
  type SignatureCheck,
  type TokenSourceCheck,
  type TokenSourceKind,
} from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { OidcFlags } from '../../options.js';
import { renderJson, writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';

/** fedcloudclient refuses tokens with less left than this (MIN_ACCESS_TOKEN_TIME). */
const MIN_VALID_SECONDS = 30;
const DAY_SECONDS = 24 * 3600;

interface TokenCheck {
  expiresAt: Date;
  secondsLeft: number;
  issuer: string;
  /** Whether the issuer's published keys verify the token; absent when not asked. */
  signature?: SignatureCheck;
}

/** What one configured source gave: its token's expiry, or why it gave none. */
interface SourceReport {
  source: TokenSourceKind;
  label: string;
  renewable: boolean;
  /** The source whose token the first lines describe (the one commands would use now). */
  inUse: boolean;
  expiresAt?: Date;
  secondsLeft?: number;
  error?: { code: string; message: string };
}

export interface TokenCheckReport {
  /** The token in use; absent when no source gave one. */
  token?: TokenCheck;
  /**
   * Every configured source, in the order fedcloud asks them. Absent for a lone explicit token,
   * whose check is fedcloudclient's two lines only (scripts read them).
   */
  sources?: SourceReport[];
  /** When no source gave a token: the first source's error, thrown once the report is out. */
  failure?: FedcloudError;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as fedcloudclient's strftime. */
export function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** fedcloudclient's wording: seconds under a day, whole days above. */
export function describeExpiry(secondsLeft: number): string {
  return `Token ${timeLeft(secondsLeft)}`;
}

function timeLeft(secondsLeft: number): string {
  return secondsLeft < DAY_SECONDS
    ? `expires in ${secondsLeft} seconds`
    : `expires in ${Math.floor(secondsLeft / DAY_SECONDS)} days`;
}

function secondsUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / 1000);
}

function evaluateToken(token: string, now: Date): TokenCheck {
  const decoded = decodeAccessToken(token);
  const secondsLeft = secondsUntil(decoded.expiresAt, now);
  return { expiresAt: decoded.expiresAt, secondsLeft, issuer: decoded.issuer };
}

async function inspect(runtime: Runtime, token: string, now: Date): Promise<TokenCheck> {
  const check = evaluateToken(token, now);
  return {
    ...check,
    signature: await checkTokenSignature(token, check.issuer, { fetch: runtime.fetch }),
  };
}

/**
 * The source whose token commands would use now, as the token provider picks it: the first with
 * at least 30 s left (or no expiry), else the first that gave any token (so an explicit token
 * near its end is still described, then refused).
 */
function pickInUse(checks: readonly TokenSourceCheck[], now: Date): number {
  const usable = checks.findIndex(
    (c) =>
      c.accessToken !== undefined &&
      (c.expiresAt === undefined || secondsUntil(c.expiresAt, now) >= MIN_VALID_SECONDS),
  );
  return usable !== -1 ? usable : checks.findIndex((c) => c.accessToken !== undefined);
}

function reportOf(check: TokenSourceCheck, inUse: boolean, now: Date): SourceReport {
  return {
    source: check.kind,
    label: check.label,
    renewable: check.renewable,
    inUse,
    ...(check.expiresAt
      ? { expiresAt: check.expiresAt, secondsLeft: secondsUntil(check.expiresAt, now) }
      : {}),
    ...(check.error ? { error: { code: check.error.code, message: check.error.message } } : {}),
  };
}

/**
 * The token in use and, when a source that renews tokens is configured (mytoken, oidc-agent,
 * refresh token) or for `--json`, what every configured source gives: each is asked once, so a
 * mytoken with a use count spends one use. A lone explicit token is checked as fedcloudclient
 * does, on its own.
 */
export async function checkToken(
  runtime: Runtime,
  flags: OidcFlags,
  options: { json?: boolean; now?: () => Date } = {},
): Promise<TokenCheckReport> {
  const now = options.now ?? (() => new Date());
  const provider = runtime.tokens(flags);
  if ((!provider.refreshable && options.json !== true) || !provider.checkSources) {
    // Ask for any token (0 s): this command's job is to say how long it is valid.
    const token = await provider.getAccessToken({ minValidSeconds: 0 });
    return { token: await inspect(runtime, token, now()) };
  }
  const checks = await provider.checkSources();
  const at = now();
  const inUse = pickInUse(checks, at);
  const sources = checks.map((check, index) => reportOf(check, index === inUse, at));
  const token = checks[inUse]?.accessToken;
  if (token === undefined) {
    return { sources, failure: checks.find((c) => c.error)?.error ?? noTokenError() };
  }
  return { token: await inspect(runtime, token, at), sources };
}

function describeSource(report: SourceReport): string {
  let state: string;
  if (report.error) state = `failed: ${report.error.message}`;
  else if (!report.expiresAt || report.secondsLeft === undefined) state = 'valid, no expiry given';
  else if (report.secondsLeft <= 0) state = `expired at ${formatUtc(report.expiresAt)} UTC`;
  else state = `valid until ${formatUtc(report.expiresAt)} UTC, ${timeLeft(report.secondsLeft)}`;
  return `  ${report.label}: ${state}${report.inUse ? ', in use' : ''}\n`;
}

function renderSources(ctx: Pick<CliContext, 'stdout'>, sources: readonly SourceReport[]): void {
  writeOut(
    ctx,
    `Token sources, in the order fedcloud asks them:\n${sources.map(describeSource).join('')}`,
  );
}

/** Only for a source list without errors and without tokens, which no provider builds. */
function noTokenError(): FedcloudError {
  return new FedcloudError('TOKEN_MISSING', 'No token source gave an access token');
}

function expiredError(): FedcloudError {
  return new FedcloudError('TOKEN_EXPIRED', 'Expired access token.', {
    hint: 'Get a new access token (e.g. `oidc-token`, or set FEDCLOUD_MYTOKEN / OIDC_AGENT_ACCOUNT so fedcloud renews it).',
  });
}

function refuseForgery(signature: SignatureCheck | undefined): void {
  if (signature?.status === 'invalid') {
    throw new FedcloudError(
      'TOKEN_INVALID',
      `The token's signature is invalid: ${signature.reason} (issuer ${signature.issuer}).`,
      { hint: 'This is not a token of that issuer; get a new one from it (e.g. `oidc-token`).' },
    );
  }
}

/**
 * fedcloudclient's two lines for the token in use, then whether its signature was checked, then
 * (when configured) every source's line. Fails with TOKEN_INVALID for a forged token before
 * printing, with TOKEN_EXPIRED under 30 s left (after the first line and the sources), and with
 * the first source's error when none gave a token (after the sources).
 */
export function renderTokenCheck(ctx: Pick<CliContext, 'stdout'>, report: TokenCheckReport): void {
  const { token, sources, failure } = report;
  if (!token) {
    if (sources) renderSources(ctx, sources);
    throw failure ?? noTokenError();
  }
  const { signature } = token;
  refuseForgery(signature);
  writeOut(ctx, `Token is valid until ${formatUtc(token.expiresAt)} UTC\n`);
  if (token.secondsLeft < MIN_VALID_SECONDS) {
    if (sources) renderSources(ctx, sources);
    throw expiredError();
  }
  writeOut(ctx, `${describeExpiry(token.secondsLeft)}\n`);
  if (signature?.status === 'valid') {
    writeOut(ctx, `Signature verified with the keys of ${signature.issuer}\n`);
  } else if (signature) {
    writeOut(ctx, `Signature not checked: ${signature.reason}\n`);
  }
  if (sources) renderSources(ctx, sources);
}

function sourceJson(report: SourceReport): Record<string, unknown> {
  return {
    source: report.source,
    label: report.label,
    renewable: report.renewable,
    in_use: report.inUse,
    expires_at: report.expiresAt?.toISOString() ?? null,
    seconds_left: report.secondsLeft ?? null,
    error: report.error ?? null,
  };
}

/**
 * `--json`: one object for scripts, printed before any failure, whose exit status is the same as
 * without `--json`. `valid` is false under 30 s left or when no source gave a token.
 */
export function renderTokenCheckJson(
  ctx: Pick<CliContext, 'stdout'>,
  report: TokenCheckReport,
): void {
  const { token, failure } = report;
  refuseForgery(token?.signature);
  const sources = report.sources ?? [];
  const inUse = sources.find((s) => s.inUse);
  writeOut(
    ctx,
    renderJson({
      valid: token !== undefined && token.secondsLeft >= MIN_VALID_SECONDS,
      expires_at: token?.expiresAt.toISOString() ?? null,
      seconds_left: token?.secondsLeft ?? null,
      issuer: token?.issuer ?? null,
      signature: token?.signature
        ? {
            status: token.signature.status,
            ...('reason' in token.signature ? { reason: token.signature.reason } : {}),
          }
        : null,
      source: inUse?.source ?? null,
      sources: sources.map(sourceJson),
    }),
  );
  if (!token) {
    throw failure ?? noTokenError();
  }
  if (token.secondsLeft < MIN_VALID_SECONDS) throw expiredError();
}
