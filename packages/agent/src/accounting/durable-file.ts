import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface DurableWriteOptions {
  /** File mode; default 0600 (records name users). */
  mode?: number;
  /** Where the temporary file is written; the same file system as `dir`. Default `dir`. */
  tmpDir?: string;
  /** Called when half the data is written, before the fsync (crash tests). */
  midWrite?: () => void;
}

/**
 * Writes a file so that after a crash at any moment it is either absent or complete: the data
 * goes to a temporary name (created exclusively), is fsync'ed, renamed into place, and the
 * directory is fsync'ed so the rename itself survives a power cut.
 */
export async function writeFileDurably(
  dir: string,
  name: string,
  data: string,
  options: DurableWriteOptions = {},
): Promise<string> {
  const tmpDir = options.tmpDir ?? dir;
  const tmp = join(tmpDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  const bytes = Buffer.from(data, 'utf8');
  const handle = await open(tmp, 'wx', options.mode ?? 0o600);
  try {
    const half = Math.floor(bytes.length / 2);
    await handle.write(bytes, 0, half, 0);
    options.midWrite?.();
    await handle.write(bytes, half, bytes.length - half, half);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  const target = join(dir, name);
  await rename(tmp, target);
  await syncDir(dir);
  return target;
}

/** fsync of a directory, so entries created, renamed or removed in it are on disk. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** mkdir -p with mode 0700 for what it creates (the spool holds user names). */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}
