import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireSpoolLock } from './spool-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that ran and is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('the spool lock (never two runs on one spool)', () => {
  it('is held until released, and refuses a second run meanwhile', async () => {
    const first = await acquireSpoolLock(dir);
    expect(first.ok).toBe(true);
    const second = await acquireSpoolLock(dir);
    expect(second).toMatchObject({ ok: false, holder: { pid: process.pid } });
    expect(second.ok ? '' : second.reason).toContain(`another accounting run (pid ${process.pid}`);
    if (first.ok) await first.lock.release();
    const third = await acquireSpoolLock(dir);
    expect(third.ok).toBe(true);
    if (third.ok) await third.lock.release();
  });

  it('takes over the lock of a process killed -9 (its pid no longer runs)', async () => {
    const pid = await deadPid();
    await writeFile(
      join(dir, 'lock'),
      JSON.stringify({ pid, host: hostname(), since: '2026-11-30T22:00:00.000Z' }),
    );
    const result = await acquireSpoolLock(dir);
    expect(result).toMatchObject({ ok: true, staleRemoved: { pid } });
    expect(JSON.parse(await readFile(join(dir, 'lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    if (result.ok) await result.lock.release();
  });

  it('takes over a lock whose pid was reused by a later process', async () => {
    await writeFile(
      join(dir, 'lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), startTicks: '1', since: 'x' }),
    );
    const result = await acquireSpoolLock(dir);
    expect(result.ok).toBe(true);
    if (result.ok) await result.lock.release();
  });

  it("never takes another host's lock, nor a lock being written just now", async () => {
    await writeFile(join(dir, 'lock'), JSON.stringify({ pid: 1, host: 'elsewhere', since: 'x' }));
    const other = await acquireSpoolLock(dir);
    expect(other.ok ? '' : other.reason).toContain('on elsewhere');
    await writeFile(join(dir, 'lock'), '');
    expect((await acquireSpoolLock(dir)).ok).toBe(false);
    // An empty lock file older than the grace period is one a run died writing.
    expect((await acquireSpoolLock(dir, new Date(Date.now() + 60_000))).ok).toBe(true);
  });
});
