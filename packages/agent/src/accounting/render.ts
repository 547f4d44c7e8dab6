import type { AccountingSummary } from './run-accounting.js';

/** The run's one-line account for stderr. */
export function summaryLine(summary: AccountingSummary): string {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const { totals } = summary;
  const failed = summary.projects.filter((p) => !p.ok).length;
  const parts = [
    `${totals.projects} project${totals.projects === 1 ? '' : 's'}${failed ? ` (${failed} failed)` : ''}`,
    `${totals.servers} servers`,
    `${totals.records.cloud} cloud records${
      totals.records.ip || totals.records.accelerator
        ? `, ${totals.records.ip} IP, ${totals.records.accelerator} accelerator`
        : ''
    }`,
  ];
  if (summary.dryRun) parts.push(`${summary.messages?.length ?? 0} messages (dry run)`);
  else {
    parts.push(`${totals.spooled} messages spooled`);
    if (totals.ssmQueued) parts.push(`${totals.ssmQueued} queued for SSM`);
  }
  const send = summary.send;
  if (send) {
    parts.push(
      `${send.sent} sent${send.duplicates ? ` (${send.duplicates} the hub had already)` : ''}`,
      `${send.rejected} rejected${send.recordsRejected ? ` (+${send.recordsRejected} records)` : ''}`,
      `${send.pending} pending`,
    );
  }
  return `${summary.siteName}: ${parts.join(', ')} in ${seconds} s${summary.ok ? '' : ' (with errors)'}`;
}
