import type { SiteStatus } from '@fedcloud/hub/api-types';

export const STATUS_LABEL: Record<SiteStatus, string> = {
  ok: 'OK',
  stale: 'Stale',
  'no-info': 'No info',
  downtime: 'Downtime',
  failing: 'Unreachable',
};

export const STATUS_DESCRIPTION: Record<SiteStatus, string> = {
  ok: 'publishing fresh information',
  stale: 'its information has expired',
  'no-info': 'has never published information',
  downtime: 'in an outage now',
  failing: 'its agent cannot read it; the last good information is shown',
};

/** Shared by the badges (CSS) and the map (ECharts), so a colour means one thing everywhere. */
export const STATUS_COLOR: Record<SiteStatus, string> = {
  ok: '#1f8a3b',
  stale: '#c77700',
  'no-info': '#6b7280',
  downtime: '#c62828',
  failing: '#a21caf',
};

export const STATUSES: SiteStatus[] = ['ok', 'stale', 'no-info', 'downtime', 'failing'];

const absoluteFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export function formatAbsolute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${absoluteFormat.format(date)} UTC`;
}

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 2 days"; under a minute is "now". */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = (time - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'now';
}

export function formatMemoryMb(mb: number): string {
  if (mb >= 1024) {
    const gib = mb / 1024;
    return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
  }
  return `${mb} MiB`;
}

export const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');
