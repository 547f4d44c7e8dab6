import { readFileSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { syncDir } from './durable-file.js';

/** What the lock file says of its holder. */
interface LockOwner {
  pid: number;
  host: string;
  /** Field 22 of /proc/<pid>/stat: tells a live holder from a later process given its pid. */
  startTicks?: string;
  since: string;
}

export type LockResult =
  | { ok: true; lock: SpoolLock; staleRemoved?: LockOwner }
  | { ok: false; holder?: LockOwner; reason: string };

interface SpoolLock {
  readonly path: string;
  release(): Promise<void>;
}

/** A lock file whose content cannot be read is taken as being written this long at most. */
const UNREADABLE_GRACE_MS = 10_000;

/**
 * cASO's `caso_should_not_run_in_parallel`: one run at a time per spool, held by `<spool>/lock`
 * (created exclusively, holding pid, host and the process's start time). A lock left by a process
 * that died (kill -9, power cut) is stale: on this host, its pid no longer runs, or runs another
 * program started later; it is then removed and taken. A lock from another host is never taken.
 */
export async function acquireSpoolLock(spooldir: string, now = new Date()): Promise<LockResult> {
  const path = join(spooldir, 'lock');
  const mine: LockOwner = {
    pid: process.pid,
    host: hostname(),
    ...startTicksOf(process.pid),
    since: now.toISOString(),
  };
  let staleRemoved: LockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(mine)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncDir(spooldir);
      const content = `${JSON.stringify(mine)}\n`;
      return {
        ok: true,
        lock: {
          path,
          async release() {
            // Only our own lock: a run that outlived its lock must not remove another's.
            const current = await readFile(path, 'utf8').catch(() => undefined);
            if (current === content) await unlink(path).catch(() => undefined);
          },
        },
        ...(staleRemoved ? { staleRemoved } : {}),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = await readFile(path, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // released meanwhile
    const holder = parseOwner(seen);
    if (!holder) {
      const age = await stat(path).then(
        (s) => now.getTime() - s.mtimeMs,
        () => 0,
      );
      if (age < UNREADABLE_GRACE_MS) {
        return { ok: false, reason: `${path} is being written by another run` };
      }
    } else if (holder.host !== mine.host) {
      return {
        ok: false,
        holder,
        reason: `${path} is held by pid ${holder.pid} on ${holder.host} since ${holder.since}; remove it if no run is going on there`,
      };
    } else if (isAlive(holder)) {
      return {
        ok: false,
        holder,
        reason: `another accounting run (pid ${holder.pid}, since ${holder.since}) holds ${path}`,
      };
    }
    // Stale: remove it unless it changed in the meantime (another run took it over first).
    const again = await readFile(path, 'utf8').catch(() => undefined);
    if (again === seen) {
      await unlink(path).catch(() => undefined);
      if (holder) staleRemoved = holder;
    }
  }
  return { ok: false, reason: `could not take ${path}: other runs keep taking it` };
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined;
    return {
      pid: value.pid,
      host: value.host,
      since: typeof value.since === 'string' ? value.since : '?',
      ...(typeof value.startTicks === 'string' ? { startTicks: value.startTicks } : {}),
    };
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.startTicks === undefined) return true;
  const now = startTicksOf(owner.pid).startTicks;
  return now === undefined || now === owner.startTicks;
}

/** Linux only; elsewhere the pid alone decides. */
function startTicksOf(pid: number): { startTicks?: string } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[19];
    return ticks ? { startTicks: ticks } : {};
  } catch {
    return {};
  }
}
