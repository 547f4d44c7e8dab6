import type { DecodedToken } from './types.js';

const DAY_SECONDS = 24 * 3600;

/** `2024-08-15 12:00:00`, what Python's `strftime("%Y-%m-%d %H:%M:%S")` prints, in UTC. */
function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The lines `fedcloud token check` prints, worded as fedcloudclient 1.4.4 (`checkin.py`
 * `check_token`): the expiry in UTC, then the time left in seconds under a day and in whole days
 * beyond. An expired token gets one line saying when it expired (fedcloudclient only said
 * "Expired access token"; the time helps with clock skew).
 */
export function describeTokenExpiry(
  decoded: Pick<DecodedToken, 'expiresAt'>,
  now: Date = new Date(),
): string[] {
  const expiresAt = decoded.expiresAt;
  // Whole seconds on both sides, as fedcloudclient's int(exp) - int(time.time()).
  const left = Math.floor(expiresAt.getTime() / 1000) - Math.floor(now.getTime() / 1000);
  if (left <= 0) return [`Token expired at ${formatUtc(expiresAt)} UTC`];
  const remaining =
    left < DAY_SECONDS
      ? `Token expires in ${left} seconds`
      : `Token expires in ${Math.floor(left / DAY_SECONDS)} days`;
  return [`Token is valid until ${formatUtc(expiresAt)} UTC`, remaining];
}
