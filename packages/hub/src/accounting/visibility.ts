import { isAllowed } from '../auth/permissions.js';
import type { Principal } from '../auth/types.js';
import { HubError } from '../errors.js';
import type { UsageDimension, UsageQuery } from './usage.js';

/** What anyone may read: totals per site, VO and month, with no user in them. */
const PUBLIC_DIMENSIONS: ReadonlySet<UsageDimension> = new Set(['site', 'vo', 'month']);

/**
 * Who may read which usage. Everyone: totals grouped by site, VO and month. Beyond that (per
 * user, status, image or CPU count, or one user's usage) the query must be narrowed to what the
 * caller answers for: a federation admin anything, a site admin `site=` their site, a VO manager
 * `vo=` their VO, a user `user=` their own name, which for a federated user is their token's
 * `sub` (the name the site's Keystone gives the shadow user, and cASO reports as GlobalUserName).
 * @throws HubError UNAUTHENTICATED (anonymous) or FORBIDDEN, saying how to narrow the query
 */
export function assertUsageVisible(principal: Principal, query: UsageQuery): void {
  const detailed = query.user !== undefined || query.groupBy.some((d) => !PUBLIC_DIMENSIONS.has(d));
  if (!detailed) return;
  const what = describe(query);
  if (principal.kind === 'anonymous') {
    throw new HubError(
      'UNAUTHENTICATED',
      `${what} needs a bearer token; without one, group by site, vo and month only`,
    );
  }
  const narrowed = {
    ...(query.site ? { site: query.site } : {}),
    ...(query.vo ? { vo: query.vo } : {}),
  };
  if (isAllowed(principal, 'accounting.read', narrowed)) return;
  if (principal.kind === 'user' && query.user === principal.subject) return;
  throw new HubError(
    'FORBIDDEN',
    `${principal.subject} may not read ${what}: narrow it to site=<a site you administer>, vo=<a VO you manage> or user=${principal.kind === 'user' ? principal.subject : '<yourself>'}, or group by site, vo and month only`,
    { action: 'accounting.read', ...narrowed },
  );
}

function describe(query: UsageQuery): string {
  const extra = query.groupBy.filter((d) => !PUBLIC_DIMENSIONS.has(d));
  if (extra.length > 0) return `usage grouped by ${extra.join(', ')}`;
  return `the usage of user ${query.user ?? ''}`;
}
