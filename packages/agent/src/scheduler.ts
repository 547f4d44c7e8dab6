import { AgentError } from './errors.js';

export interface SchedulerOptions {
  /** Time from the start of one run to the start of the next; none: runs only on `runNow()`. */
  intervalMs?: number;
  /** Start the first run at once (default true when there is an interval). */
  runImmediately?: boolean;
  /**
   * Added once, to the wait before the first timer-started run: agents started together are then
   * spread over the interval instead of all publishing at the same instant, forever.
   */
  offsetMs?: number;
  /**
   * The wait before the first timer-started run, instead of interval + offset: a task that should
   * run soon after start, but not at the same instant as everything else starting. Only with
   * `runImmediately: false`.
   */
  firstDelayMs?: number;
  /** Called when a timer-started run throws (runs started by `runNow` reject instead). */
  onError?: (error: unknown) => void;
}

export interface Scheduler<T> {
  /** Runs the task after the current run (if any) and resolves with this run's result. */
  runNow(): Promise<T>;
  /** No more runs; aborts the signal of the current one and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Runs a task periodically, never two at once: runs are queued one after the other, and the next
 * timer is set when a run ends (at `start + interval`, or at once if the run took longer), so a
 * slow site never piles up cycles. A plain timer rather than cron: the interval is all we need.
 */
export function startScheduler<T>(
  task: (signal: AbortSignal) => Promise<T>,
  options: SchedulerOptions = {},
): Scheduler<T> {
  const controller = new AbortController();
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const interval = options.intervalMs;
  let offset = Math.max(0, options.offsetMs ?? 0);
  let firstDelay = options.runImmediately === false ? options.firstDelayMs : undefined;

  const clearTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const scheduleAfter = (startedAt: number): void => {
    if (stopped || interval === undefined || interval <= 0) return;
    clearTimer();
    const wait =
      firstDelay === undefined
        ? Math.max(0, startedAt + interval + offset - Date.now())
        : Math.max(0, firstDelay);
    offset = 0;
    firstDelay = undefined;
    timer = setTimeout(() => {
      timer = undefined;
      enqueue().catch((error: unknown) => {
        if (!stopped) options.onError?.(error);
      });
    }, wait);
  };

  const enqueue = (): Promise<T> => {
    if (stopped) return Promise.reject(new AgentError('STOPPED', 'the agent has been stopped'));
    const run = chain.then(async () => {
      if (stopped) throw new AgentError('STOPPED', 'the agent has been stopped');
      clearTimer();
      const startedAt = Date.now();
      try {
        return await task(controller.signal);
      } finally {
        scheduleAfter(startedAt);
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };

  if (interval !== undefined && interval > 0) {
    if (options.runImmediately ?? true) {
      enqueue().catch((error: unknown) => {
        if (!stopped) options.onError?.(error);
      });
    } else {
      scheduleAfter(Date.now());
    }
  }

  return {
    runNow: enqueue,
    async stop() {
      stopped = true;
      clearTimer();
      controller.abort(new AgentError('STOPPED', 'the agent has been stopped'));
      await chain;
    },
  };
}
