/**
 * Nova prints times in three ways: `created`/`updated` as `2019-04-23T15:19:14Z`, the
 * OS-SRV-USG and usage times as naive `2019-04-23T15:19:20.000000`, keypairs the same naive way.
 */
export function isoSeconds(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoMicros(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}

/**
 * Parses the ISO 8601 timestamps Nova accepts in query strings (changes-since, start/end).
 * A timestamp without zone is UTC, as oslo_utils.timeutils.parse_isotime treats it.
 */
export function parseTimestamp(value: string): Date | undefined {
  const trimmed = value.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed)) {
    return undefined;
  }
  const zoned =
    /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !trimmed.includes('T') ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(zoned.includes('T') ? zoned : `${zoned}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
