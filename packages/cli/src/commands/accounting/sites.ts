import { type AccountingSiteEntry, readAccountingSites } from '@fedcloud/sdk/hub';
import type { CliContext } from '../../context.js';
import { writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';
import { accountingHub, type HubFlags } from './connection.js';
import { type AccountingFormat, renderAccountingSites } from './render.js';

/** The repository's per-site table: public, so no token is sent. */
export function listAccountingSites(
  runtime: Runtime,
  flags: HubFlags,
): Promise<AccountingSiteEntry[]> {
  return readAccountingSites({
    hubUrl: accountingHub(flags),
    fetch: runtime.fetch,
    timeoutMs: runtime.timeoutMs,
  });
}

export function renderSites(
  ctx: Pick<CliContext, 'stdout'>,
  sites: AccountingSiteEntry[],
  format: AccountingFormat,
): void {
  writeOut(ctx, renderAccountingSites(sites, format));
}
