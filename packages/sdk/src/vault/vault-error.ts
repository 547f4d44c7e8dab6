import { FedcloudError, type FedcloudErrorCode } from '../errors.js';
import { isTlsTrustFailure, TLS_TRUST_HINT } from '../auth/hints.js';
import { scrub } from '../auth/redact.js';

/**
 * hvac's exception names by status (hvac/utils.py raise_for_error), which fedcloudclient puts
 * in its messages: users and their scripts know "Forbidden", "InvalidPath".
 */
function hvacName(status: number): string {
  switch (status) {
    case 400:
      return 'InvalidRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'InvalidPath';
    case 429:
      return 'RateLimitExceeded';
    case 500:
      return 'InternalServerError';
    case 501:
      return 'VaultNotInitialized';
    case 502:
      return 'BadGateway';
    case 503:
      return 'VaultDown';
    default:
      return 'UnexpectedError';
  }
}

/**
 * Vault's own words from an error body `{"errors": ["…"]}`
 * (https://developer.hashicorp.com/vault/api-docs#error-response). Vault wraps several errors
 * as go-multierror text, "1 error occurred:\n\t* permission denied\n\n": the items are kept,
 * the wrapper is not, so the message stays on one line.
 */
export function vaultErrors(body: unknown): string[] {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      const text = body
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      return text ? [text.slice(0, 300)] : [];
    }
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is string => typeof e === 'string')
    .flatMap((e) => {
      const items = /^\d+ errors? occurred:\n([\s\S]*)$/.exec(e);
      if (!items?.[1]) return [e.trim()];
      return items[1]
        .split('\n')
        .map((line) => line.replace(/^\s*\*\s?/, '').trim())
        .filter((line) => line !== '');
    })
    .filter((e) => e !== '');
}

export interface VaultFailure {
  method: string;
  url: string;
  /** The HTTP status when Vault answered. */
  status?: number;
  body?: unknown;
  /** Why no answer came (network, TLS, timeout). */
  reason?: string;
  cause?: unknown;
  /** What the call was for, to pick a hint: the user's KV store, a locker, login, tokens. */
  target: 'secrets' | 'locker' | 'login' | 'token';
  /** Values that must not appear in the message (tokens, the secret's values). */
  secrets: readonly (string | undefined)[];
}

const PREFIX = 'Error when accessing secrets on server. Server response: ';

/**
 * One FedcloudError for any failed Vault call, worded like fedcloudclient's ("Error when
 * accessing secrets on server. Server response: Forbidden: permission denied, on GET <url>"),
 * with the status, and a hint saying what usually causes it.
 */
export function vaultError(failure: VaultFailure): FedcloudError {
  const where = `${failure.method} ${failure.url}`;
  if (failure.status === undefined) {
    const reason = failure.reason ?? 'no answer';
    return new FedcloudError(
      'VAULT_ERROR',
      scrub(`${PREFIX}cannot reach Vault: ${reason}, on ${where}`, failure.secrets),
      {
        details: { url: failure.url },
        hint: isTlsTrustFailure(reason)
          ? TLS_TRUST_HINT
          : 'Check --vault-url / FEDCLOUD_VAULT_URL and your network.',
        ...(failure.cause === undefined ? {} : { cause: failure.cause }),
      },
    );
  }
  const status = failure.status;
  const errors = vaultErrors(failure.body);
  const said = errors.length > 0 ? errors.join(', ') : defaultText(status);
  const message = scrub(
    `${PREFIX}${hvacName(status)}: ${said}, on ${where} (HTTP ${status})`,
    failure.secrets,
  );
  const code: FedcloudErrorCode = status === 404 ? 'SECRET_NOT_FOUND' : 'VAULT_ERROR';
  const hint = hintFor(failure.target, status);
  return new FedcloudError(code, message, {
    details: { url: failure.url, status, errors: errors.map((e) => scrub(e, failure.secrets)) },
    ...(hint ? { hint } : {}),
  });
}

function defaultText(status: number): string {
  if (status === 404) return 'nothing at this path';
  if (status === 403) return 'permission denied';
  return `HTTP ${status}`;
}

function hintFor(target: VaultFailure['target'], status: number): string | undefined {
  if (target === 'login' && (status === 400 || status === 403)) {
    return 'Vault did not accept the access token for login: check it with `fedcloud token check`, or get a fresh one.';
  }
  if (target === 'locker' && (status === 403 || status === 400)) {
    return 'The locker token is not valid: it may have expired, used up its uses, or been revoked (`fedcloud secret locker check`).';
  }
  if (target === 'token' && status === 403) {
    return 'The token is not valid: it may have expired, used up its uses, or been revoked.';
  }
  if (target === 'secrets' && status === 403) {
    return "Vault lets each user reach only their own secrets, under users/<your Check-in ID>/: another user's path, or a path outside it, is refused.";
  }
  if (status === 404) return '`fedcloud secret list` shows what is stored.';
  return undefined;
}
