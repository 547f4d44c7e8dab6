import { humanDuration } from './duration.js';

/** The sandbox Vault's system TTLs: Vault's defaults, 32 days for both. */
export const SYSTEM_TTL = { defaultLeaseTtl: 2_764_800, maxLeaseTtl: 2_764_800 } as const;

export interface TtlRequest {
  /** Seconds asked for by a renewal (`increment`), 0 for none. */
  increment: number;
  /** The TTL the backend (role, token entry) proposes, 0 for the system default. */
  backendTtl: number;
  period: number;
  /** A role's max TTL, 0 for the system's. */
  backendMaxTtl: number;
  explicitMaxTtl: number;
  /** Seconds since the epoch when the lease was issued: the max TTL counts from there. */
  startTime: number;
  now: number;
}

/**
 * Vault's TTL arithmetic (sdk/framework.CalculateTTL): the asked TTL, capped by the most
 * restrictive max TTL counted from the lease's issue time, with Vault's warning when capped.
 */
export function calculateTtl(
  request: TtlRequest,
): { ttl: number; warnings: string[] } | { error: string } {
  const warnings: string[] = [];
  const now = Math.floor(request.now);
  const start = Math.floor(request.startTime);
  let maxTtl: number = SYSTEM_TTL.maxLeaseTtl;
  if (request.backendMaxTtl > 0 && request.backendMaxTtl < maxTtl) maxTtl = request.backendMaxTtl;
  if (request.explicitMaxTtl > 0 && request.explicitMaxTtl < maxTtl) {
    maxTtl = request.explicitMaxTtl;
  }
  let ttl: number;
  let maxValidTime: number | undefined;
  if (request.period > 0) {
    let period = request.period;
    if (period > maxTtl) {
      warnings.push(
        `period of ${JSON.stringify(humanDuration(period))} exceeded the effective max_ttl of ${JSON.stringify(humanDuration(maxTtl))}; period value is capped accordingly`,
      );
      period = maxTtl;
    }
    ttl = period;
    if (request.explicitMaxTtl > 0) maxValidTime = start + request.explicitMaxTtl;
  } else {
    ttl =
      request.increment > 0
        ? request.increment
        : request.backendTtl > 0
          ? request.backendTtl
          : SYSTEM_TTL.defaultLeaseTtl;
    maxValidTime = start + maxTtl;
  }
  if (maxValidTime !== undefined) {
    const maxValidTtl = maxValidTime - now;
    if (maxValidTtl <= 0) return { error: 'past the max TTL, cannot renew' };
    if (maxValidTtl < ttl) {
      warnings.push(
        `TTL of ${JSON.stringify(humanDuration(ttl))} exceeded the effective max_ttl of ${JSON.stringify(humanDuration(maxValidTtl))}; TTL value is capped accordingly`,
      );
      ttl = maxValidTtl;
    }
  }
  return { ttl, warnings };
}
