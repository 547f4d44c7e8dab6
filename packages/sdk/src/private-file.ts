import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `content` to a private temporary file and renames it over `file`, so a concurrent
 * reader sees the old content or the new, never half of it. Folder 0700, file 0600: caches
 * hold tokens, or which sites and hubs a user talks to.
 */
export async function writePrivateFile(dir: string, file: string, content: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
