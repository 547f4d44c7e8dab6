import { OpenStackError } from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { FedcloudError } from './errors.js';
import { fanOut } from './fanout.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

describe('fanOut', () => {
  it('returns rows in the order of the keys, whatever order they finish in', async () => {
    const rows = await fanOut(['slow', 'fast', 'mid'], async (key) => {
      await sleep({ slow: 60, fast: 5, mid: 30 }[key]!);
      return key.toUpperCase();
    });
    expect(rows.map((r) => [r.key, r.ok, r.value])).toEqual([
      ['slow', true, 'SLOW'],
      ['fast', true, 'FAST'],
      ['mid', true, 'MID'],
    ]);
    expect(rows.every((r) => r.ms >= 0)).toBe(true);
  });

  it('never runs more than `concurrency` tasks at once', async () => {
    let running = 0;
    let peak = 0;
    await fanOut(
      Array.from({ length: 10 }, (_, i) => i),
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(10);
        running--;
      },
      { concurrency: 3 },
    );
    expect(peak).toBe(3);
  });

  it('settles a hung task as SITE_TIMEOUT without waiting for it, aborting its signal', async () => {
    let signal: AbortSignal | undefined;
    const started = Date.now();
    const rows = await fanOut(
      ['HUNG', 'OK'],
      async (key, s) => {
        if (key === 'OK') return 1;
        signal = s;
        return new Promise<number>(() => undefined); // ignores its signal entirely
      },
      { timeoutMs: 100 },
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rows[0]?.error).toMatchObject({
      code: 'SITE_TIMEOUT',
      message: 'no answer from HUNG within 0.1 s',
    });
    expect(rows[1]).toMatchObject({ ok: true, value: 1 });
    expect(signal?.aborted).toBe(true);
  });

  it('names object keys by their name property in messages', async () => {
    const [row] = await fanOut([{ name: 'SITE-A' }], (_key, s) => sleep(10_000, s), {
      timeoutMs: 200,
    });
    expect(row?.error?.message).toBe('no answer from SITE-A within 0.2 s');
  });

  it('turns every failure into a FedcloudError in its own row', async () => {
    const failures: Record<string, () => unknown> = {
      fed: () => new FedcloudError('VO_NOT_AT_SITE', 'no VO'),
      net: () => new OpenStackError('NETWORK_ERROR', 'ECONNREFUSED'),
      slow: () => new OpenStackError('TIMEOUT', 'timed out'),
      gone: () => new OpenStackError('HTTP_NOT_FOUND', 'no server', { status: 404 }),
      boom: () => new OpenStackError('HTTP_SERVER_ERROR', 'boom', { status: 500 }),
      bug: () => new TypeError('x is undefined'),
      sync: () => 'thrown synchronously',
    };
    const rows = await fanOut(Object.keys(failures), (key) => {
      const error = failures[key]!();
      if (key === 'sync') throw error;
      // Tasks may reject with anything, not only Errors; fanOut must cope.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(error);
    });
    expect(rows.map((r) => [r.key, r.ok, r.error?.code])).toEqual([
      ['fed', false, 'VO_NOT_AT_SITE'],
      ['net', false, 'SITE_UNREACHABLE'],
      ['slow', false, 'SITE_TIMEOUT'],
      ['gone', false, 'NOT_FOUND'],
      ['boom', false, 'OPENSTACK_ERROR'],
      ['bug', false, 'INTERNAL'],
      ['sync', false, 'INTERNAL'],
    ]);
    expect(rows.every((r) => r.error instanceof FedcloudError)).toBe(true);
    expect(rows[5]?.error?.cause).toBeInstanceOf(TypeError);
    expect(rows[4]?.error?.details).toMatchObject({ status: 500 });
  });

  it('reports progress as each key settles', async () => {
    const progress: [number, number][] = [];
    await fanOut([30, 10, 20], (ms) => sleep(ms), {
      onSettled: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('rejects at once when the caller aborts, aborting the running tasks', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const started = fanOut(
      [1, 2, 3],
      async (_key, s) => {
        signals.push(s);
        return new Promise<void>(() => undefined);
      },
      { concurrency: 2, signal: controller.signal },
    );
    await sleep(20);
    controller.abort(new Error('user pressed ^C'));
    await expect(started).rejects.toThrow('user pressed ^C');
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it('returns an empty list for no keys', async () => {
    expect(await fanOut([], async () => 1)).toEqual([]);
  });
});
