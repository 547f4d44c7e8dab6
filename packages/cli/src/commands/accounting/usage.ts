import {
  type AccountingDimension,
  type AccountingUsageRow,
  readAccountingUsage,
} from '@fedcloud/sdk/hub';
import type { CliContext } from '../../context.js';
import type { OidcFlags } from '../../options.js';
import { writeErr, writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';
import { accountingConnection, type HubFlags, tokenSubject } from './connection.js';
import { usageQuery, type UsageFlags } from './query.js';
import { type AccountingFormat, renderUsage } from './render.js';

export type AccountingUsageFlags = UsageFlags & HubFlags & OidcFlags;

export interface UsageResult {
  groupBy: AccountingDimension[];
  rows: AccountingUsageRow[];
}

/**
 * Usage from the hub's summaries, one row per group. A token is sent whenever one is
 * configured, so what the caller answers for (their own usage, their VO's, their site's) is
 * shown; the totals per site, VO and month need none.
 */
export async function readUsage(
  runtime: Runtime,
  flags: AccountingUsageFlags,
): Promise<UsageResult> {
  const query = usageQuery(flags);
  const connection = await accountingConnection(runtime, flags, {
    tokenRequired: flags.mine === true,
  });
  if (flags.mine && connection.token) query.user = tokenSubject(connection.token);
  const usage = await readAccountingUsage(connection, query);
  return { groupBy: usage.groupBy, rows: usage.rows };
}

export function renderUsageResult(
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  result: UsageResult,
  format: AccountingFormat,
): void {
  writeOut(ctx, renderUsage(result.rows, result.groupBy, format));
  if (result.rows.length === 0 && format === 'table') {
    writeErr(ctx, 'No usage recorded for this query.');
  }
}
