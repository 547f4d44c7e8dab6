import { randomInt } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir } from './durable-file.js';

/**
 * SSM's outgoing queue, written as python-dirq's QueueSimple writes it (what cASO's SSM messenger
 * uses), so a stock `ssmsend` sends what the agent extracted:
 * - an intermediate directory per minute: 8 hex digits of the insertion time in seconds, rounded
 *   down to the granularity (60 s);
 * - in it one file per message, 14 hex digits `SSSSSSSSMMMMMR` (seconds, microseconds, one random
 *   digit fixed per queue);
 * - written to `<name>.tmp` (created exclusively), then hard-linked to a fresh name and the
 *   temporary unlinked, so a reader never sees half a message.
 * Unlike dirq the data is fsync'ed before the link and the directory after it, so a power cut
 * cannot leave an empty element. Files and directories get the process umask, as with dirq: the
 * queue is read by ssmsend, which may run as another user.
 * https://github.com/cern-mig/python-dirq/blob/master/dirq/QueueSimple.py
 */
export class SsmQueue {
  private readonly rndhex = randomInt(16);
  private lastName = '';

  constructor(
    readonly path: string,
    private readonly granularity = 60,
  ) {}

  async add(
    message: string,
    options: { now?: () => Date; midWrite?: () => void } = {},
  ): Promise<string> {
    const now = options.now ?? (() => new Date());
    const seconds = Math.floor(now().getTime() / 1000);
    const dir = (seconds - (seconds % this.granularity)).toString(16).padStart(8, '0');
    const dirPath = join(this.path, dir);
    await mkdir(dirPath, { recursive: true });
    const bytes = Buffer.from(message, 'utf8');

    let tmp: string;
    let handle;
    for (;;) {
      tmp = join(dirPath, `${this.name(now)}.tmp`);
      try {
        handle = await open(tmp, 'wx', 0o666);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    try {
      const half = Math.floor(bytes.length / 2);
      await handle.write(bytes, 0, half, 0);
      options.midWrite?.();
      await handle.write(bytes, half, bytes.length - half, half);
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (;;) {
      const name = this.name(now);
      try {
        await link(tmp, join(dirPath, name));
        await unlink(tmp);
        await syncDir(dirPath);
        return `${dir}/${name}`;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }

  /** dirq's `_name`: `%08x%05x%01x` of seconds, microseconds and the queue's random digit. */
  private name(now: () => Date): string {
    const t = now().getTime();
    const seconds = Math.floor(t / 1000);
    // JavaScript clocks stop at milliseconds: the microseconds are those plus a random part.
    const micros = (t % 1000) * 1000 + randomInt(1000);
    let name = `${seconds.toString(16).padStart(8, '0')}${micros.toString(16).padStart(5, '0')}${this.rndhex.toString(16)}`;
    // "Ever increasing (for a given process)", as dirq's names are.
    if (name <= this.lastName) name = bump(this.lastName);
    this.lastName = name;
    return name;
  }
}

/** The next 14-hex name after `name` (the random digit kept). */
function bump(name: string): string {
  const prefix = BigInt(`0x${name.slice(0, 13)}`) + 1n;
  return `${prefix.toString(16).padStart(13, '0')}${name.slice(13)}`;
}
