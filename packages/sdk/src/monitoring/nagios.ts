import type { Status } from './status.js';

/** The statuses a probe can report; MISSING and DOWNTIME are the monitoring's, not a probe's. */
export type ProbeStatus = Extract<Status, 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN'>;

const BY_EXIT_CODE: readonly ProbeStatus[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

/**
 * A probe's status from its exit code, per the Monitoring Plugins guidelines
 * (https://www.monitoring-plugins.org/doc/guidelines.html#AEN78): 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN. Anything else (a crash, a signal) is UNKNOWN, as Nagios reads it.
 */
export function statusOfExitCode(code: number): ProbeStatus {
  return BY_EXIT_CODE[code] ?? 'UNKNOWN';
}

export function exitCodeOf(status: ProbeStatus): 0 | 1 | 2 | 3 {
  return BY_EXIT_CODE.indexOf(status) as 0 | 1 | 2 | 3;
}

/** One plugin status line: `STATUS - message | perfdata`. */
export interface StatusLine {
  /** The status the text names; undefined when it names none (the exit code decides anyway). */
  status?: ProbeStatus;
  message: string;
  /** Everything after the first `|`, trimmed; '' when there is none. */
  perfdata: string;
}

// An optional service word ("HTTP OK: …", "PING CRITICAL - …"), the status, then a separator.
const STATUS_TEXT = /^(?:[\w.-]+ )?(OK|WARNING|CRITICAL|UNKNOWN)(?:\s*[-:]\s*|\s+|$)(.*)$/s;

/**
 * Reads the first line of a plugin's output. Only the first line is the status line; the
 * long output that may follow is not parsed here.
 */
export function parseStatusLine(output: string): StatusLine {
  const line = output.split(/\r?\n/, 1)[0] ?? '';
  const bar = line.indexOf('|');
  const text = (bar < 0 ? line : line.slice(0, bar)).trim();
  const perfdata = bar < 0 ? '' : line.slice(bar + 1).trim();
  const match = STATUS_TEXT.exec(text);
  if (!match) return { message: text, perfdata };
  return { status: match[1] as ProbeStatus, message: (match[2] ?? '').trim(), perfdata };
}

/**
 * Writes a status line. The message is put on one line and its `|` become `/`: a bar would
 * start the performance data and a newline would start the long output, so either would
 * cut the message short for every reader of the line.
 */
export function formatStatusLine(line: {
  status: ProbeStatus;
  message: string;
  perfdata?: string;
}): string {
  const message = line.message
    .replace(/\s*\r?\n\s*/g, ' ')
    .replaceAll('|', '/')
    .trim();
  const perfdata = line.perfdata?.trim() ?? '';
  const head = message === '' ? line.status : `${line.status} - ${message}`;
  return perfdata === '' ? head : `${head} | ${perfdata}`;
}
