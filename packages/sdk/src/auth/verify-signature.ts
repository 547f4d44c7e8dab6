import { transportFetch } from '@fedcloud/openstack';
import {
  compactVerify,
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  errors,
} from 'jose';

/** What checking a JWT's signature against its issuer's published keys found. */
export type SignatureCheck =
  | { status: 'valid'; issuer: string }
  | { status: 'invalid'; issuer: string; reason: string }
  | { status: 'not-checked'; issuer: string; reason: string };

export interface SignatureCheckOptions {
  /** Trusting the federation's CAs (the CLI's transport fetch). */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Verifies only the signature (not expiry or audience: the caller reports those) with the keys
 * the issuer publishes at the `jwks_uri` of its discovery document. An unsigned token
 * (`alg: none`) or one no published key verifies is invalid; an issuer that cannot be reached
 * leaves the signature not checked, which is never reported as valid.
 */
export async function checkTokenSignature(
  token: string,
  issuer: string,
  options: SignatureCheckOptions = {},
): Promise<SignatureCheck> {
  const doFetch = options.fetch ?? transportFetch({});
  const timeoutMs = options.timeoutMs ?? 10_000;
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return { status: 'invalid', issuer, reason: 'the token header cannot be read' };
  }
  if (!alg || alg.toLowerCase() === 'none') {
    return { status: 'invalid', issuer, reason: 'the token is not signed (alg none)' };
  }
  let jwksUri: string;
  try {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
    const meta = (await response.json()) as { jwks_uri?: unknown; issuer?: unknown };
    if (typeof meta.jwks_uri !== 'string') throw new Error(`${url} names no jwks_uri`);
    if (meta.issuer !== issuer) {
      return {
        status: 'invalid',
        issuer,
        reason: `the issuer's discovery document names another issuer (${String(meta.issuer)})`,
      };
    }
    jwksUri = meta.jwks_uri;
  } catch (error) {
    return {
      status: 'not-checked',
      issuer,
      reason: `the issuer cannot be asked: ${reasonOf(error)}`,
    };
  }
  const keys = createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: timeoutMs,
    [customFetch]: (input: string, init: RequestInit) => doFetch(input, init),
  });
  try {
    await compactVerify(token, keys);
    return { status: 'valid', issuer };
  } catch (error) {
    if (
      error instanceof errors.JWSSignatureVerificationFailed ||
      error instanceof errors.JWKSNoMatchingKey ||
      error instanceof errors.JWKSMultipleMatchingKeys ||
      error instanceof errors.JOSEAlgNotAllowed ||
      error instanceof errors.JWSInvalid
    ) {
      return {
        status: 'invalid',
        issuer,
        reason: `no key of the issuer verifies it (${error.code})`,
      };
    }
    return {
      status: 'not-checked',
      issuer,
      reason: `the issuer's keys cannot be read: ${reasonOf(error)}`,
    };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown } | undefined;
    return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
