import { readAccountingExport } from '@fedcloud/sdk/hub';
import type { CliContext } from '../../context.js';
import type { OidcFlags } from '../../options.js';
import { writeErr, writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';
import { accountingConnection, type HubFlags } from './connection.js';
import { parseMonthRange } from './query.js';

export type ExportFlags = HubFlags & OidcFlags & { site?: string; from?: string; to?: string };

/** The hub's summaries as one APEL-cloud-summary-message v0.4 (user names in it: a token always). */
export async function exportSummaries(
  runtime: Runtime,
  flags: ExportFlags,
): Promise<{ text: string; count: number }> {
  const range = parseMonthRange(flags);
  const connection = await accountingConnection(runtime, flags, { tokenRequired: true });
  return readAccountingExport(connection, {
    ...(flags.site === undefined ? {} : { site: flags.site }),
    ...range,
  });
}

export function renderExport(
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  result: { text: string; count: number },
): void {
  writeOut(ctx, result.text);
  // The message is for a pipe; how many summaries it holds is for the person.
  if (ctx.stderr.isTTY) writeErr(ctx, `${result.count} summaries`);
}
