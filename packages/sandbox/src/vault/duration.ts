import { formatGoDuration, parseGoDuration } from '../go-duration.js';

/**
 * Vault's reading of a duration parameter (go-secure-stdlib parseutil.ParseDurationSecond): a
 * number, or a string of digits, is seconds; `<n>d` is days; anything else is Go's duration syntax
 * ("24h", "1h30m"). Whole seconds, truncated, as Vault stores TTLs.
 */
export function parseDurationSecond(value: unknown): { seconds: number } | { error: string } {
  if (value === undefined || value === null || value === '') return { seconds: 0 };
  if (typeof value === 'number') return { seconds: Math.trunc(value) };
  if (typeof value !== 'string') return { error: 'could not parse duration from input' };
  if (/^[-+]?\d+$/.test(value)) return { seconds: Number(value) };
  if (value.endsWith('d')) {
    const days = value.slice(0, -1);
    if (!/^[-+]?\d+$/.test(days)) {
      return { error: `strconv.ParseInt: parsing ${JSON.stringify(days)}: invalid syntax` };
    }
    return { seconds: Number(days) * 86_400 };
  }
  const parsed = parseGoDuration(value);
  return 'error' in parsed ? parsed : { seconds: Math.trunc(parsed.seconds) };
}

/**
 * How Vault quotes a duration in its warnings (sdk/framework humanDuration): Go's text without the
 * zero minutes and seconds, "768h" rather than "768h0m0s".
 */
export function humanDuration(seconds: number): string {
  let text = formatGoDuration(seconds);
  if (text.endsWith('m0s')) text = text.slice(0, -2);
  const index = text.indexOf('h0m');
  if (index > 0) text = text.slice(0, index + 1) + text.slice(index + 3);
  return text;
}
