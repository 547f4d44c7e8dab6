import type { FedcloudError } from './errors.js';

export interface FanOutOptions {
  /** Sites contacted at once (default 30, fedcloudclient's pool size). */
  concurrency?: number;
  /** Per-item deadline; a hung site becomes SITE_TIMEOUT after it (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called as each item settles (progress display). */
  onSettled?: (done: number, total: number) => void;
}

export interface FanOutResult<K, T> {
  key: K;
  ok: boolean;
  value?: T;
  error?: FedcloudError;
  ms: number;
}

/**
 * Runs `task` for every key with bounded concurrency and a per-key timeout; results come back in
 * the order of `keys`, each failure in its own row (allSettled semantics).
 */
export async function fanOut<K, T>(
  _keys: K[],
  _task: (key: K, signal: AbortSignal) => Promise<T>,
  _options: FanOutOptions = {},
): Promise<FanOutResult<K, T>[]> {
  throw new Error('not implemented yet');
}
