import { CLOUD_SUMMARY_MESSAGE_HEADER, renderCloudSummary } from '@fedcloud/sdk/accounting';
import type { HubDb } from '../db/tables.js';
import { accountingSummaries, type UsageFilter } from './usage.js';

/**
 * The summaries of a range of months as one `APEL-cloud-summary-message: v0.4`, the message an
 * APEL server sends on to the central repository. One message, however many summaries: whoever
 * relays it to a broker splits it (renderCloudSummaryMessages, a thousand to a message).
 */
export async function exportSummaries(
  db: HubDb,
  filter: Pick<UsageFilter, 'site' | 'from' | 'to'>,
): Promise<{ text: string; count: number }> {
  const summaries = await accountingSummaries(db, filter);
  const text = `${CLOUD_SUMMARY_MESSAGE_HEADER}\n${summaries.map((s) => `${renderCloudSummary(s)}%%\n`).join('')}`;
  return { text, count: summaries.length };
}
