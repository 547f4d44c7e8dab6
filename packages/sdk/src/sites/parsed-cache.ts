import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writePrivateFile } from '../private-file.js';
import { sha256 } from '../session/sha256.js';
import type { SiteConfig } from './types.js';

/**
 * Parsed site files of one folder, each valid while its file keeps the same size, mtime and
 * inode. Parsing YAML (and checking it) costs ~1–5 ms of CPU per file in a fresh process, the
 * largest per-site cost of an ALL_SITES command over ~100 sites; a cached entry costs a stat. An
 * edited file is parsed again at once, and an invalid one is never cached, so its error shows on
 * every run as before.
 */
export interface ParsedSiteCache {
  /** The site parsed from `file` when it had this `stamp`, else undefined. */
  get(file: string, stamp: string): SiteConfig | undefined;
  set(file: string, stamp: string, site: SiteConfig): void;
  /** Writes the entries of `files` when anything changed; a cache that cannot be written is no error. */
  save(files: string[]): Promise<void>;
}

/** $XDG_CACHE_HOME/fedcloud/sites, else ~/.cache/fedcloud/sites (beside the Keystone cache). */
export function defaultSiteCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'fedcloud', 'sites');
}

/** What identifies one version of a file without reading it. */
export function fileStamp(info: { size: number; mtimeMs: number; ino: number }): string {
  return `${info.size}:${info.mtimeMs}:${info.ino}`;
}

interface Entry {
  stamp: string;
  site: SiteConfig;
}

/** One cache file per site folder, read once per listing. */
export async function openParsedSiteCache(
  cacheDir: string,
  folder: string,
): Promise<ParsedSiteCache> {
  const file = join(cacheDir, `${sha256(folder)}.json`);
  const entries = await readEntries(file, folder);
  let changed = false;
  return {
    get(path, stamp) {
      const entry = entries.get(path);
      return entry?.stamp === stamp ? entry.site : undefined;
    },
    set(path, stamp, site) {
      entries.set(path, { stamp, site });
      changed = true;
    },
    async save(files) {
      if (!changed && entries.size === files.length) return;
      const kept = Object.fromEntries(
        files.flatMap((path) => {
          const entry = entries.get(path);
          return entry ? [[path, entry]] : [];
        }),
      );
      const content = `${JSON.stringify({ version: 1, folder, entries: kept })}\n`;
      await writePrivateFile(cacheDir, file, content).catch(() => undefined);
    },
  };
}

/** Unreadable, another version's or another folder's (a hash clash): an empty cache. */
async function readEntries(file: string, folder: string): Promise<Map<string, Entry>> {
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as {
      version?: unknown;
      folder?: unknown;
      entries?: Record<string, Entry>;
    };
    if (raw.version !== 1 || raw.folder !== folder || typeof raw.entries !== 'object') {
      return new Map();
    }
    return new Map(Object.entries(raw.entries ?? {}));
  } catch {
    return new Map();
  }
}
