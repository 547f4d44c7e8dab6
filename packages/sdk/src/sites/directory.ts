import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_ENV } from '../auth/hints.js';
import { FedcloudError } from '../errors.js';
import { DEFAULT_HUB_TTL_SECONDS, hubDirectory } from './hub.js';
import { defaultHubCacheDir } from './hub-cache.js';
import { parseSiteYaml } from './parse.js';
import { fileStamp, openParsedSiteCache, type ParsedSiteCache } from './parsed-cache.js';
import type { SiteConfig, SiteDirectory } from './types.js';

/** fedcloudclient refuses site files above 1 MiB; a bigger one is a mistake, not a site. */
const MAX_SITE_FILE_BYTES = 1024 * 1024;

/**
 * Every `*.yaml` in a folder, in file-name order, read on each `listSites` so edits are seen at
 * once (a folder holds a few dozen small files). One invalid file fails the listing with its
 * file:line:col rather than hiding a site silently. With `cacheDir`, files unchanged since the
 * last listing are not parsed again (see ParsedSiteCache).
 */
export function folderDirectory(dir: string, options: { cacheDir?: string } = {}): SiteDirectory {
  return {
    description: `site folder ${dir}`,
    async listSites() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        throw folderError(dir, error);
      }
      const files = names
        .filter((name) => name.endsWith('.yaml'))
        .sort()
        .map((name) => join(dir, name));
      const cache =
        options.cacheDir === undefined
          ? undefined
          : await openParsedSiteCache(options.cacheDir, dir);
      const sites = await Promise.all(files.map((file) => readSiteFile(file, cache)));
      await cache?.save(files);
      return sites;
    },
  };
}

async function readSiteFile(file: string, cache: ParsedSiteCache | undefined): Promise<SiteConfig> {
  const info = await stat(file);
  if (info.size > MAX_SITE_FILE_BYTES) {
    throw new FedcloudError(
      'SITE_CONFIG_INVALID',
      `${file}: ${info.size} bytes, more than the 1 MiB a site file may have`,
    );
  }
  const stamp = fileStamp(info);
  const cached = cache?.get(file, stamp);
  if (cached) return cached;
  const site = parseSiteYaml(await readFile(file, 'utf8'), file);
  cache?.set(file, stamp, site);
  return site;
}

function folderError(dir: string, error: unknown): FedcloudError {
  const code = (error as { code?: unknown }).code;
  const hint =
    "Set FEDCLOUD_HUB to your federation's hub (EGI's: https://is.cloud.egi.eu; the local " +
    `sandbox's: ${SANDBOX_ENV}), or FEDCLOUD_SITE_CONFIG_DIR to a folder of fedcloud-catchall ` +
    'site files (one <SITE>.yaml per site, from github.com/EGI-Federation/' +
    'fedcloud-catchall-operations/tree/main/sites), or put them in ~/.config/fedcloud/site-config.';
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new FedcloudError('SITE_UNKNOWN', `the site folder ${dir} does not exist`, {
      hint,
      cause: error,
      details: { dir },
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new FedcloudError('SITE_UNKNOWN', `cannot read the site folder ${dir}: ${reason}`, {
    hint,
    cause: error,
    details: { dir },
  });
}

export interface DefaultSiteDirectoryOptions {
  /** Where parsed site files are kept between runs (defaultSiteCacheDir); none by default. */
  siteCacheDir?: string;
  /** For the hub's requests (pass transportFetch(transport) for custom CAs). */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Where a hub's stale list or the fallback folder stands in for the hub. */
  onWarning?: (message: string) => void;
}

/**
 * The directory in effect. With FEDCLOUD_HUB, the hub (its list cached FEDCLOUD_HUB_TTL seconds,
 * default 300), with the site folder as the fallback when the hub is down. The folder is
 * FEDCLOUD_SITE_CONFIG_DIR, else ~/.config/fedcloud/site-config (fedcloudclient's folder). An
 * empty variable counts as unset, as shells export them that way.
 */
export function defaultSiteDirectory(
  env: NodeJS.ProcessEnv,
  options: DefaultSiteDirectoryOptions = {},
): SiteDirectory {
  const { siteCacheDir, ...hubOptions } = options;
  const folder = folderDirectory(
    defaultSiteFolder(env),
    siteCacheDir === undefined ? {} : { cacheDir: siteCacheDir },
  );
  const hub = env.FEDCLOUD_HUB?.trim();
  if (!hub) return folder;
  return hubDirectory({
    url: hub,
    cacheDir: defaultHubCacheDir(env),
    ttlSeconds: hubTtlSeconds(env.FEDCLOUD_HUB_TTL),
    fallback: folder,
    ...hubOptions,
  });
}

function defaultSiteFolder(env: NodeJS.ProcessEnv): string {
  const configured = env.FEDCLOUD_SITE_CONFIG_DIR;
  if (configured) return configured;
  const home = env.HOME || homedir();
  return join(home, '.config', 'fedcloud', 'site-config');
}

/** FEDCLOUD_HUB_TTL: whole seconds ≥ 0 (0 asks the hub every time); unset means the default. */
export function hubTtlSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_HUB_TTL_SECONDS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new FedcloudError(
      'USAGE',
      `FEDCLOUD_HUB_TTL must be a whole number of seconds ≥ 0, not "${value}"`,
      {
        hint: 'FEDCLOUD_HUB_TTL=0 asks the hub on every command; unset it for the default (300).',
      },
    );
  }
  return n;
}
