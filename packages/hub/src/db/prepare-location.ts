import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { HubError } from '../errors.js';

/**
 * Readies an SQLite file's location before better-sqlite3 opens it: missing folders are made one
 * level at a time (Node's recursive mkdir loops for ever under /proc and similar pseudo file
 * systems, which is how `serve` used to hang), each new one 0700; the file itself is created
 * 0600, since the database holds the registry's roles and every publisher's identity. SQLite
 * gives its -wal and -shm files the mode of the database file.
 * @throws HubError BAD_REQUEST naming the path and the flag to change it
 */
export async function prepareSqliteFile(location: string): Promise<void> {
  const file = resolve(location);
  const folder = dirname(file);
  const missing: string[] = [];
  for (let at = folder; ; at = dirname(at)) {
    const kind = await kindOf(at);
    if (kind === 'folder') break;
    if (kind !== 'missing') throw unusable(location, `${at} is not a folder`);
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing) {
    try {
      await mkdir(at, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw unusable(location, `cannot create the folder ${at}: ${reasonOf(error)}`);
      }
    }
  }
  try {
    const handle = await open(file, 'a', 0o600);
    await handle.close();
    await chmod(file, 0o600);
  } catch (error) {
    throw unusable(location, reasonOf(error));
  }
}

/** The database file and its companions, tightened after SQLite may have created them. */
export async function tightenSqliteFiles(location: string): Promise<void> {
  const file = resolve(location);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    await chmod(path, 0o600).catch(() => undefined);
  }
}

async function kindOf(path: string): Promise<'folder' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'other';
    throw unusable(path, reasonOf(error));
  }
}

export function unusable(location: string, reason: string): HubError {
  return new HubError(
    'BAD_REQUEST',
    `cannot use the database ${location}: ${reason}; give a writable file path or a postgres:// URL with --database (or FEDCLOUD_HUB_DB)`,
    { database: location },
  );
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return `permission denied (${e.code})`;
  if (e.code === 'EROFS') return 'read-only file system';
  return e instanceof Error ? e.message : String(error);
}
