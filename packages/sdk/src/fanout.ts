import pLimit from 'p-limit';
import { FedcloudError } from './errors.js';
import { toFedcloudError } from './session/errors.js';

export interface FanOutOptions<K = unknown> {
  /** Sites contacted at once (default 30, fedcloudclient's pool size). */
  concurrency?: number;
  /** Per-item deadline; a hung site becomes SITE_TIMEOUT after it (default 30 s; 0 = none). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called as each item settles (progress display). */
  onSettled?: (done: number, total: number) => void;
  /** The key's name in messages; default: the string itself, or a `name` property (SiteConfig). */
  describe?: (key: K) => string;
}

export interface FanOutResult<K, T> {
  key: K;
  ok: boolean;
  value?: T;
  error?: FedcloudError;
  ms: number;
}

const DEFAULT_CONCURRENCY = 30;
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Runs `task` for every key with bounded concurrency and a per-key timeout; results come back in
 * the order of `keys`, each failure in its own row (allSettled semantics). A key whose task
 * outlives its deadline settles at once as SITE_TIMEOUT: its signal is aborted, but the fan-out
 * does not wait for a site that ignores it (a hung TCP peer can hold a socket for minutes).
 * Aborting `signal` rejects the whole fan-out with the signal's reason.
 */
export async function fanOut<K, T>(
  keys: K[],
  task: (key: K, signal: AbortSignal) => Promise<T>,
  options: FanOutOptions<K> = {},
): Promise<FanOutResult<K, T>[]> {
  const outer = options.signal;
  outer?.throwIfAborted();
  const limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const describe = options.describe ?? defaultDescribe;
  const total = keys.length;
  let done = 0;

  const settle = (row: FanOutResult<K, T>): FanOutResult<K, T> => {
    done += 1;
    options.onSettled?.(done, total);
    return row;
  };

  const rows = Promise.all(
    keys.map((key) =>
      limit(async () => {
        outer?.throwIfAborted();
        return settle(await runOne(key, task, timeoutMs, describe, outer));
      }),
    ),
  );
  if (!outer) return rows;

  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      limit.clearQueue();
      reject(outer.reason as Error);
    };
    outer.addEventListener('abort', onAbort, { once: true });
  });
  // Whichever loses the race must not surface as an unhandled rejection.
  rows.catch(() => undefined);
  try {
    return await Promise.race([rows, aborted]);
  } finally {
    if (onAbort) outer.removeEventListener('abort', onAbort);
  }
}

async function runOne<K, T>(
  key: K,
  task: (key: K, signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  describe: (key: K) => string,
  outer: AbortSignal | undefined,
): Promise<FanOutResult<K, T>> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) return;
    timer = setTimeout(() => {
      resolve('timeout');
      controller.abort(
        new DOMException(
          `no answer from ${describe(key)} within ${seconds(timeoutMs)}`,
          'TimeoutError',
        ),
      );
    }, timeoutMs);
  });

  // Started on a later tick so a task that throws synchronously still lands in its row.
  const work = Promise.resolve().then(() => task(key, controller.signal));
  work.catch(() => undefined); // after a timeout nobody awaits it any more
  try {
    const first = await Promise.race([
      work.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      timedOut,
    ]);
    if (first === 'timeout') {
      return {
        key,
        ok: false,
        error: new FedcloudError(
          'SITE_TIMEOUT',
          `no answer from ${describe(key)} within ${seconds(timeoutMs)}`,
          { details: { timeoutMs } },
        ),
        ms: elapsed(),
      };
    }
    if ('error' in first) {
      return { key, ok: false, error: toFedcloudError(first.error), ms: elapsed() };
    }
    return { key, ok: true, value: first.value, ms: elapsed() };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function defaultDescribe(key: unknown): string {
  if (typeof key === 'string') return key;
  if (key !== null && typeof key === 'object' && 'name' in key && typeof key.name === 'string') {
    return key.name;
  }
  return String(key);
}
