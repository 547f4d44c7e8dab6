import type { SummaryFigures, SummaryKey } from './summary.js';

export const CLOUD_SUMMARY_MESSAGE_HEADER = 'APEL-cloud-summary-message: v0.4';

/** The APEL unloader's `records_per_message`: summaries go out a thousand to a message. */
export const MAX_SUMMARIES_PER_MESSAGE = 1000;

/** One row of CloudSummaries, as the APEL server sends it on to the central repository. */
export interface CloudSummary extends SummaryKey, SummaryFigures {
  /** Epoch seconds; absent when none of the group's VMs gave a StartTime. */
  earliestStartTime?: number;
  latestStartTime?: number;
}

type Kind = 'text' | 'fqan' | 'int' | 'float' | 'time';

/** The message's lines in the server's order (apel/db/records/cloud_summary.py `_msg_fields`). */
const SUMMARY_FIELDS: readonly { apel: string; key: keyof CloudSummary; kind: Kind }[] = [
  { apel: 'SiteName', key: 'siteName', kind: 'text' },
  { apel: 'CloudComputeService', key: 'cloudComputeService', kind: 'text' },
  { apel: 'Month', key: 'month', kind: 'int' },
  { apel: 'Year', key: 'year', kind: 'int' },
  { apel: 'GlobalUserName', key: 'globalUserName', kind: 'text' },
  { apel: 'VO', key: 'vo', kind: 'fqan' },
  { apel: 'VOGroup', key: 'voGroup', kind: 'fqan' },
  { apel: 'VORole', key: 'voRole', kind: 'fqan' },
  { apel: 'Status', key: 'status', kind: 'text' },
  { apel: 'CloudType', key: 'cloudType', kind: 'text' },
  { apel: 'ImageId', key: 'imageId', kind: 'text' },
  { apel: 'EarliestStartTime', key: 'earliestStartTime', kind: 'time' },
  { apel: 'LatestStartTime', key: 'latestStartTime', kind: 'time' },
  { apel: 'WallDuration', key: 'wallDuration', kind: 'int' },
  { apel: 'CpuDuration', key: 'cpuDuration', kind: 'int' },
  { apel: 'CpuCount', key: 'cpuCount', kind: 'float' },
  { apel: 'NetworkInbound', key: 'networkInbound', kind: 'int' },
  { apel: 'NetworkOutbound', key: 'networkOutbound', kind: 'int' },
  { apel: 'Memory', key: 'memory', kind: 'int' },
  { apel: 'Disk', key: 'disk', kind: 'int' },
  { apel: 'BenchmarkType', key: 'benchmarkType', kind: 'text' },
  { apel: 'Benchmark', key: 'benchmark', kind: 'float' },
  { apel: 'NumberOfVMs', key: 'numberOfVms', kind: 'int' },
];

const NULLS = new Set(['none', 'null', '']);

/**
 * One summary as the APEL unloader writes it (Record.get_msg): `Key: value` lines in field order,
 * each ending in a newline. The server turns "None" and other null words into nothing and leaves
 * such a line out, except in VO, VOGroup and VORole, which it keeps as written; floats print as
 * Python prints them (`2.0`), times as epoch seconds.
 */
export function renderCloudSummary(summary: CloudSummary): string {
  let text = '';
  for (const field of SUMMARY_FIELDS) {
    const value = summary[field.key];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      if (field.kind !== 'fqan' && NULLS.has(value.toLowerCase())) continue;
      text += `${field.apel}: ${value}\n`;
    } else if (field.kind === 'float') {
      text += `${field.apel}: ${Number.isInteger(value) ? value.toFixed(1) : String(value)}\n`;
    } else {
      text += `${field.apel}: ${Math.trunc(value)}\n`;
    }
  }
  return text;
}

/**
 * Summary messages of at most `maxSummaries` summaries each, as the unloader queues them: the
 * header line, then the summaries, each followed by a `%%` line.
 */
export function renderCloudSummaryMessages(
  summaries: readonly CloudSummary[],
  maxSummaries = MAX_SUMMARIES_PER_MESSAGE,
): string[] {
  const messages: string[] = [];
  for (let i = 0; i < summaries.length; i += maxSummaries) {
    const body = summaries
      .slice(i, i + maxSummaries)
      .map(renderCloudSummary)
      .join('%%\n');
    messages.push(`${CLOUD_SUMMARY_MESSAGE_HEADER}\n${body}%%\n`);
  }
  return messages;
}
