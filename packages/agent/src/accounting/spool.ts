import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, syncDir, writeFileDurably } from './durable-file.js';

const MESSAGE_SUFFIX = '.msg';
const REASON_SUFFIX = '.reason';
const ID = /^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$/;

/** A spooled message: its stable id (the hub's batch id) and where it lies. */
export interface SpooledMessage {
  id: string;
  path: string;
}

/**
 * The agent's durable accounting spool, one directory per role:
 * - `outgoing/<id>.msg`: one message each, to send to the hub, oldest id first;
 * - `rejected/<id>.msg` + `<id>.reason`: what the hub refused, set aside for the operator;
 * - `lastrun/<project>`: where the next extraction of each project starts (cASO's lastrun);
 * - `tmp/`: files being written (renamed into place when complete, cleared at each run).
 * Files are 0600, directories 0700. Ids sort by creation time: `<UTC time to ms>-<8 hex>`.
 */
export class Spool {
  readonly outgoing: string;
  readonly rejected: string;
  readonly lastrun: string;
  readonly tmp: string;
  private sequence = 0;
  private lastStamp = '';

  constructor(readonly dir: string) {
    this.outgoing = join(dir, 'outgoing');
    this.rejected = join(dir, 'rejected');
    this.lastrun = join(dir, 'lastrun');
    this.tmp = join(dir, 'tmp');
  }

  async open(): Promise<void> {
    for (const dir of [this.dir, this.outgoing, this.rejected, this.lastrun, this.tmp]) {
      await ensurePrivateDir(dir);
    }
    // Left by a run killed mid-write: never renamed into place, so never part of the spool.
    for (const name of await readdir(this.tmp)) await unlink(join(this.tmp, name));
  }

  /** A new id, unique in this spool and later than every id this process made before. */
  newId(now = new Date()): string {
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.(\d{3})Z$/, '$1Z');
    if (stamp !== this.lastStamp) {
      this.lastStamp = stamp;
      this.sequence = 0;
    }
    this.sequence += 1;
    // The random part keeps two agents sharing a spool by mistake from ever clashing.
    return `${stamp}-${this.sequence.toString(16).padStart(4, '0')}${randomBytes(2).toString('hex')}`;
  }

  async add(message: string, options: { now?: Date; midWrite?: () => void } = {}): Promise<string> {
    const id = this.newId(options.now);
    await writeFileDurably(this.outgoing, `${id}${MESSAGE_SUFFIX}`, message, {
      tmpDir: this.tmp,
      ...(options.midWrite ? { midWrite: options.midWrite } : {}),
    });
    return id;
  }

  /** Messages waiting to be sent, oldest first. */
  async pending(): Promise<SpooledMessage[]> {
    const names = await readdir(this.outgoing).catch(() => [] as string[]);
    return names
      .filter((name) => name.endsWith(MESSAGE_SUFFIX) && ID.test(name.slice(0, -4)))
      .sort()
      .map((name) => ({ id: name.slice(0, -4), path: join(this.outgoing, name) }));
  }

  read(message: SpooledMessage): Promise<string> {
    return readFile(message.path, 'utf8');
  }

  /** The hub has it: the file goes, and the directory entry's removal is made durable. */
  async remove(message: SpooledMessage): Promise<void> {
    await unlink(message.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await syncDir(this.outgoing);
  }

  /**
   * Sets a refused message aside with why: the reason first, then the message moved (a crash in
   * between leaves it to be sent, and refused, again).
   */
  async reject(message: SpooledMessage, reason: string): Promise<void> {
    await writeFileDurably(this.rejected, `${message.id}${REASON_SUFFIX}`, `${reason}\n`, {
      tmpDir: this.tmp,
    });
    await rename(message.path, join(this.rejected, `${message.id}${MESSAGE_SUFFIX}`));
    await syncDir(this.rejected);
    await syncDir(this.outgoing);
  }

  /** The hub kept the message but refused some of its records: a copy and the reasons. */
  async keepRejectedRecords(message: SpooledMessage, text: string, reason: string): Promise<void> {
    await writeFileDurably(this.rejected, `${message.id}${MESSAGE_SUFFIX}`, text, {
      tmpDir: this.tmp,
    });
    await writeFileDurably(this.rejected, `${message.id}${REASON_SUFFIX}`, `${reason}\n`, {
      tmpDir: this.tmp,
    });
  }

  /** Where the next extraction of the project starts; `invalid` for a file that is not a time. */
  async readMark(project: string): Promise<Date | 'invalid' | undefined> {
    let text: string;
    try {
      text = await readFile(this.markPath(project), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const ms = Date.parse(text.trim());
    return Number.isNaN(ms) ? 'invalid' : new Date(ms);
  }

  async writeMark(project: string, next: Date): Promise<void> {
    await writeFileDurably(this.lastrun, markName(project), `${next.toISOString()}\n`, {
      tmpDir: this.tmp,
    });
  }

  async rejectedCount(): Promise<number> {
    const names = await readdir(this.rejected).catch(() => [] as string[]);
    return names.filter((name) => name.endsWith(MESSAGE_SUFFIX)).length;
  }

  private markPath(project: string): string {
    return join(this.lastrun, markName(project));
  }
}

/** Keystone ids are hex; anything else is kept readable but safe as a file name. */
function markName(project: string): string {
  return encodeURIComponent(project).replace(/^\./, '%2E');
}

/** Whether the spool directory exists (a dry run or --send-only must not create one). */
export async function spoolExists(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
