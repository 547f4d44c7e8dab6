import { afterEach, describe, expect, it, vi } from 'vitest';
import { startScheduler } from './scheduler.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A task whose runs finish only when the test says so. */
function controllableTask() {
  const finishers: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const task = vi.fn(async () => {
    runs += 1;
    const n = runs;
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((resolve) => finishers.push(resolve));
    active -= 1;
    return n;
  });
  return {
    task,
    finishNext: () => finishers.shift()?.(),
    get pending() {
      return finishers.length;
    },
    get maxActive() {
      return maxActive;
    },
  };
}

describe('startScheduler', () => {
  it('runs at once, then every interval from the start of the previous run', async () => {
    vi.useFakeTimers();
    const t = controllableTask();
    const scheduler = startScheduler(t.task, { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);
    t.finishNext();
    await vi.advanceTimersByTimeAsync(699);
    expect(t.task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.task).toHaveBeenCalledTimes(2);
    t.finishNext();
    await scheduler.stop();
  });

  it('shifts the schedule once by its offset, then keeps the interval', async () => {
    vi.useFakeTimers();
    const t = controllableTask();
    const scheduler = startScheduler(t.task, { intervalMs: 1000, offsetMs: 400 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.task).toHaveBeenCalledTimes(1);
    t.finishNext();
    // First timer run at 1000 + 400 ms, the next 1000 ms after that one's start.
    await vi.advanceTimersByTimeAsync(1399);
    expect(t.task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.task).toHaveBeenCalledTimes(2);
    t.finishNext();
    await vi.advanceTimersByTimeAsync(999);
    expect(t.task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.task).toHaveBeenCalledTimes(3);
    t.finishNext();
    await scheduler.stop();
  });

  it('waits firstDelayMs before the first run when not run at once, then keeps the interval', async () => {
    vi.useFakeTimers();
    const t = controllableTask();
    const scheduler = startScheduler(t.task, {
      intervalMs: 1000,
      runImmediately: false,
      firstDelayMs: 250,
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(t.task).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.task).toHaveBeenCalledTimes(1);
    t.finishNext();
    // The next run 1000 ms after the first one's start (at 250 ms), not 250 ms again.
    await vi.advanceTimersByTimeAsync(999);
    expect(t.task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.task).toHaveBeenCalledTimes(2);
    t.finishNext();
    await scheduler.stop();
  });

  it('never overlaps runs: a slow run delays the next one instead', async () => {
    vi.useFakeTimers();
    const t = controllableTask();
    const scheduler = startScheduler(t.task, { intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(0);
    const manual = scheduler.runNow();
    await vi.advanceTimersByTimeAsync(1000); // many intervals pass while run 1 hangs
    expect(t.task).toHaveBeenCalledTimes(1);
    t.finishNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.task).toHaveBeenCalledTimes(2); // the queued manual run, not a burst of timer runs
    t.finishNext();
    await expect(manual).resolves.toBe(2);
    expect(t.maxActive).toBe(1);
    await scheduler.stop();
  });

  it('runs only on demand without an interval, and refuses after stop()', async () => {
    let n = 0;
    const scheduler = startScheduler(() => Promise.resolve(++n));
    await expect(scheduler.runNow()).resolves.toBe(1);
    await expect(scheduler.runNow()).resolves.toBe(2);
    await scheduler.stop();
    await expect(scheduler.runNow()).rejects.toThrow('the agent has been stopped');
  });

  it('stop() aborts the running task and waits for it', async () => {
    let sawAbort = false;
    const scheduler = startScheduler(
      (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve();
          });
        }),
      { intervalMs: 60_000 },
    );
    await new Promise((resolve) => setImmediate(resolve));
    await scheduler.stop();
    expect(sawAbort).toBe(true);
  });

  it('reports errors of timer runs and keeps scheduling', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let n = 0;
    const scheduler = startScheduler(
      () => {
        n += 1;
        return n === 1 ? Promise.reject(new Error('boom')) : Promise.resolve(n);
      },
      { intervalMs: 50, onError: (e) => errors.push(e) },
    );
    await vi.advanceTimersByTimeAsync(60);
    expect(errors).toEqual([new Error('boom')]);
    expect(n).toBe(2);
    await scheduler.stop();
  });
});
