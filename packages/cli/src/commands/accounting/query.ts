import { FedcloudError } from '@fedcloud/sdk';
import {
  ACCOUNTING_DIMENSIONS,
  type AccountingDimension,
  type AccountingUsageQuery,
  isAccountingMonth,
} from '@fedcloud/sdk/hub';

/** `fedcloud accounting`'s own flags (the OIDC ones come beside them). */
export interface UsageFlags {
  site?: string;
  vo?: string;
  user?: string;
  mine?: boolean;
  from?: string;
  to?: string;
  /** Every --group-by given, each possibly a comma list. */
  groupBy?: string[];
}

/** Without --group-by, usage per month: what a user, a VO manager and a site admin all ask first. */
const DEFAULT_GROUP_BY: readonly AccountingDimension[] = ['month'];

/** `--group-by a,b --group-by c` → [a, b, c], each checked; repeats kept once, in order. */
export function parseGroupBy(values: readonly string[] | undefined): AccountingDimension[] {
  const names = (values ?? []).flatMap((value) => value.split(',')).map((name) => name.trim());
  const groups: AccountingDimension[] = [];
  for (const name of names) {
    if (name === '') continue;
    if (!(ACCOUNTING_DIMENSIONS as readonly string[]).includes(name)) {
      throw new FedcloudError(
        'USAGE',
        `unknown --group-by "${name}": group by ${ACCOUNTING_DIMENSIONS.slice(0, -1).join(', ')} or ${ACCOUNTING_DIMENSIONS.at(-1)}`,
      );
    }
    const dimension = name as AccountingDimension;
    if (!groups.includes(dimension)) groups.push(dimension);
  }
  return groups.length > 0 ? groups : [...DEFAULT_GROUP_BY];
}

/** --from and --to as the hub takes them (YYYY-MM), the first no later than the second. */
export function parseMonthRange(flags: { from?: string; to?: string }): {
  from?: string;
  to?: string;
} {
  for (const flag of ['from', 'to'] as const) {
    const value = flags[flag];
    if (value !== undefined && !isAccountingMonth(value)) {
      throw new FedcloudError(
        'USAGE',
        `--${flag} must be a month, YYYY-MM (e.g. 2026-01), not "${value}"`,
      );
    }
  }
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) {
    throw new FedcloudError('USAGE', `--from ${flags.from} is after --to ${flags.to}`);
  }
  return {
    ...(flags.from === undefined ? {} : { from: flags.from }),
    ...(flags.to === undefined ? {} : { to: flags.to }),
  };
}

/**
 * The hub query for the flags, checked before any token is asked for. With --mine the caller
 * adds `user`: the token's subject, which is a federated user's GlobalUserName at the sites.
 */
export function usageQuery(flags: UsageFlags): AccountingUsageQuery {
  if (flags.mine && flags.user !== undefined) {
    throw new FedcloudError('USAGE', '--mine and --user name the user twice: give one of them');
  }
  return {
    ...(flags.site === undefined ? {} : { site: flags.site }),
    ...(flags.vo === undefined ? {} : { vo: flags.vo }),
    ...(flags.user === undefined ? {} : { user: flags.user }),
    ...parseMonthRange(flags),
    groupBy: parseGroupBy(flags.groupBy),
  };
}
