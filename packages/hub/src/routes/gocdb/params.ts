import { HubError } from '../../errors.js';

export type PiParams = Record<string, string>;

/**
 * GOCDB refuses any parameter a method does not know, and values holding quotes or backticks,
 * rather than silently ignoring them (a misspelt filter would otherwise return everything).
 */
export function checkParams(params: PiParams, supported: readonly string[]): void {
  for (const [key, value] of Object.entries(params)) {
    if (!supported.includes(key)) {
      throw new HubError('BAD_REQUEST', `Unsupported parameter: ${key}`);
    }
    if (/["'`]/.test(value)) {
      throw new HubError('BAD_REQUEST', `Unsupported character in value: ${value}`);
    }
  }
}

/** SQL LIKE as GOCDB's filters use it: % any run, _ one character, case-insensitive. */
export function like(pattern: string, value: string): boolean {
  const source = [...pattern]
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is').test(value);
}

/** A Y/N flag (GOCDB accepts either case); undefined when the parameter is absent. */
export function yesNo(params: PiParams, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (/^(y|yes|1|true)$/i.test(value)) return true;
  if (/^(n|no|0|false)$/i.test(value)) return false;
  throw new HubError('BAD_REQUEST', `Invalid ${name} value - must be Y or N`);
}

/** A date parameter: YYYY-MM-DD (midnight UTC, as GOCDB reads it) or a full ISO date-time. */
export function piDate(params: PiParams, name: string): Date | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new HubError('BAD_REQUEST', `Invalid ${name} value - expected a date such as 2025-01-31`);
  }
  return new Date(ms);
}

/** Every entity of this hub is in the EGI scope, as cloud sites and services are in GOCDB. */
export const SCOPE = 'EGI';

/** GOCDB's scope filter: one name, or a comma list matched by `any` (default) or `all`. */
export function inScope(params: PiParams): boolean {
  const raw = params.scope?.trim().replace(/^,+|,+$/g, '');
  if (!raw) return true;
  const wanted = raw.split(',').map((s) => s.trim());
  const match = params.scope_match ?? 'any';
  if (match !== 'any' && match !== 'all') {
    throw new HubError('BAD_REQUEST', `Invalid scope_match value - must be 'any' or 'all'`);
  }
  return match === 'all' ? wanted.every((s) => s === SCOPE) : wanted.includes(SCOPE);
}
