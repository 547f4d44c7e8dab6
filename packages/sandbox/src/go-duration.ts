/**
 * Go's `time.Duration` text, which Vault and the mytoken server (both Go) parse and print: their
 * messages quote durations this way ("24h0m0s", "token is expired by 1m5s").
 * https://pkg.go.dev/time#ParseDuration, https://pkg.go.dev/time#Duration.String
 */

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Seconds (possibly fractional) of a Go duration, or Go's own error message. */
export function parseGoDuration(text: string): { seconds: number } | { error: string } {
  const quoted = JSON.stringify(text);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return { seconds: 0 };
  if (rest === '') return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  while (rest !== '') {
    const number = /^(\d*)(\.\d*)?/.exec(rest)!;
    if (number[0] === '' || number[0] === '.') return { error: `time: invalid duration ${quoted}` };
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]+/.exec(rest)?.[0];
    if (!unit) return { error: `time: missing unit in duration ${quoted}` };
    const factor = UNIT_SECONDS[unit];
    if (factor === undefined)
      return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(number[0]) * factor;
    rest = rest.slice(unit.length);
  }
  return { seconds: sign * total };
}

/** `time.Duration.String()` for whole and fractional seconds: 0s, 5s, 1m30s, 24h0m0s. */
export function formatGoDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  const secs = Number.isInteger(rest) ? String(rest) : String(Number(rest.toFixed(9)));
  if (hours > 0) return `${sign}${hours}h${minutes}m${secs}s`;
  if (minutes > 0) return `${sign}${minutes}m${secs}s`;
  return `${sign}${secs}s`;
}
