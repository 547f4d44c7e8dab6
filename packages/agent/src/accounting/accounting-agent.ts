import { reasonOf } from '../errors.js';
import { startScheduler } from '../scheduler.js';
import {
  runAccounting,
  type AccountingRunOptions,
  type AccountingSummary,
} from './run-accounting.js';

export interface AccountingAgentOptions extends Omit<AccountingRunOptions, 'signal' | 'mode'> {
  /** Time from the start of one run to the start of the next. */
  intervalSeconds: number;
  /** The wait before the first run (default: one interval). */
  firstRunAfterSeconds?: number;
  /** Called after every run, scheduled or not. */
  onRun?: (summary: AccountingSummary) => void;
}

export interface AccountingAgent {
  /** Runs extraction and sending now (after the run under way, if any); it never throws. */
  runNow(): Promise<AccountingSummary>;
  /** No more runs; aborts the one under way, which leaves its marks and spool consistent. */
  stop(): Promise<void>;
}

/**
 * cASO + ssmsend from cron, as one long-running schedule: every interval, one extraction of the
 * accounted projects followed by the sending of the spool. A run is never started while another
 * is under way (the spool lock would refuse it anyway).
 */
export function startAccountingAgent(options: AccountingAgentOptions): AccountingAgent {
  const { intervalSeconds, firstRunAfterSeconds, onRun, ...runOptions } = options;
  const scheduler = startScheduler(
    async (signal) => {
      const summary = await runAccounting({ ...runOptions, signal });
      onRun?.(summary);
      return summary;
    },
    {
      intervalMs: intervalSeconds * 1000,
      runImmediately: false,
      ...(firstRunAfterSeconds === undefined ? {} : { firstDelayMs: firstRunAfterSeconds * 1000 }),
      onError: (error) => runOptions.log?.(`accounting run failed: ${reasonOf(error)}`),
    },
  );
  return { runNow: () => scheduler.runNow(), stop: () => scheduler.stop() };
}
