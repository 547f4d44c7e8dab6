import { isTlsTrustFailure, TLS_TRUST_HINT } from '../auth/hints.js';
import { FedcloudError } from '../errors.js';
import {
  describeAnswerIssue,
  hubSitesSchema,
  hubSiteToConfig,
  type HubSite,
} from './hub-answer.js';
import { hubCacheFile, readHubCache, writeHubCache, type HubCacheEntry } from './hub-cache.js';
import { getText, type GetResult } from './http.js';
import type { SiteConfig, SiteDirectory, SiteListOptions } from './types.js';

export interface HubDirectoryOptions {
  /** The hub's base URL (a fedcloud hub, or EGI's cloud-info-api at https://is.cloud.egi.eu). */
  url: string;
  /** Where the last good answer is kept (see defaultHubCacheDir); false keeps nothing. */
  cacheDir: string | false;
  /** How long a cached answer is used without asking the hub; 0 asks every time. Default 300. */
  ttlSeconds?: number;
  fetch?: typeof fetch;
  /** Per request, body included. Default 30 s. */
  timeoutMs?: number;
  /** Used, with a warning, when the hub is down and nothing is cached. */
  fallback?: SiteDirectory;
  /** One line for the user when a stale cache or the fallback stands in (the SDK never prints). */
  onWarning?: (message: string) => void;
  /** Current time in ms, for tests. */
  now?: () => number;
}

export const DEFAULT_HUB_TTL_SECONDS = 300;
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * `https://hub.example.org/` and `https://hub.example.org` are one hub (and one cache file). A
 * URL with credentials in it is refused: the hub's reads need none, and a password in a URL
 * ends up in cache file names, messages and shell history.
 */
export function normalizeHubUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badHubUrl(url);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw badHubUrl(url);
  if (parsed.username !== '' || parsed.password !== '') {
    throw new FedcloudError(
      'USAGE',
      `the hub URL "${withoutCredentials(url)}" holds a user name or password; a hub's site list needs none`,
      { hint: 'Set FEDCLOUD_HUB to the base URL alone, e.g. https://hub.example.org' },
    );
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/** `scheme://user:password@host` → `scheme://***@host`, also in strings that are not URLs. */
function withoutCredentials(text: string): string {
  return text.replace(/(\/\/)[^/@\s]*@/g, '$1***@');
}

function badHubUrl(url: string): FedcloudError {
  return new FedcloudError(
    'USAGE',
    `the hub URL "${withoutCredentials(url)}" is not an http(s) URL`,
    {
      hint: "Set FEDCLOUD_HUB to the hub's base URL, e.g. https://hub.example.org (or https://is.cloud.egi.eu).",
    },
  );
}

/**
 * Sites from a hub's cloud-info API in ONE request (`GET <hub>/sites/?include_projects=true`),
 * kept on disk for `ttlSeconds`. When the hub cannot be reached (or answers 5xx): the last answer
 * however old, else the fallback directory, each with a warning; else SITE_UNREACHABLE. A hub
 * that answers but not with a site list (4xx, not JSON, wrong shape) is an error at once: the URL
 * is wrong, and old data would hide that.
 */
export function hubDirectory(options: HubDirectoryOptions): SiteDirectory {
  const hub = normalizeHubUrl(options.url);
  const sitesUrl = `${hub}/sites/?include_projects=true`;
  const ttlMs = (options.ttlSeconds ?? DEFAULT_HUB_TTL_SECONDS) * 1000;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const cacheDir = options.cacheDir;
  const cacheFile = cacheDir === false ? undefined : hubCacheFile(cacheDir, hub);
  const warn = options.onWarning ?? (() => undefined);
  const sourceOf = (entry: HubCacheEntry, stale: boolean): string =>
    stale ? `${hub}/sites/ (cached ${entry.fetchedAt.toISOString()})` : `${hub}/sites/`;
  const toConfigs = (entry: HubCacheEntry, stale: boolean): SiteConfig[] =>
    entry.sites.map((site) => hubSiteToConfig(site, sourceOf(entry, stale)));

  return {
    description: `hub ${hub}`,
    async listSites(listOptions: SiteListOptions = {}) {
      const cached = cacheFile ? await readHubCache(cacheFile, hub) : undefined;
      const age = cached ? now() - cached.fetchedAt.getTime() : Infinity;
      // A clock set back makes the age negative: such an entry is not trusted as fresh.
      if (cached && !listOptions.refresh && ttlMs > 0 && age >= 0 && age < ttlMs) {
        return toConfigs(cached, false);
      }

      const answer = await getText(sitesUrl, {
        fetch: fetchFn,
        timeoutMs,
        signal: listOptions.signal,
        accept: 'application/json',
      });
      if (answer.ok) {
        const sites = parseAnswer(hub, sitesUrl, answer.text);
        const entry: HubCacheEntry = { hub, fetchedAt: new Date(now()), sites };
        // A cache that cannot be written (read-only home, full disk) only costs the next request.
        if (cacheDir !== false && cacheFile) {
          await writeHubCache(cacheDir, cacheFile, entry).catch(() => undefined);
        }
        return toConfigs(entry, false);
      }
      if (answer.kind === 'rejected') throw rejected(hub, sitesUrl, answer);

      if (cached) {
        warn(
          `hub ${hub} is unreachable (${answer.reason}); using its site list from ${describeAge(age)}`,
        );
        return toConfigs(cached, true);
      }
      let fallbackError: unknown;
      if (options.fallback) {
        try {
          const sites = await options.fallback.listSites(
            listOptions.signal ? { signal: listOptions.signal } : {},
          );
          warn(
            `hub ${hub} is unreachable (${answer.reason}); using ${options.fallback.description}`,
          );
          return sites;
        } catch (error) {
          if (listOptions.signal?.aborted) throw error;
          fallbackError = error;
        }
      }
      throw unreachable(hub, answer, options.fallback, fallbackError);
    },
  };
}

function parseAnswer(hub: string, url: string, text: string): HubSite[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new FedcloudError(
      'SITE_CONFIG_INVALID',
      `the hub ${hub} did not answer ${url} with JSON`,
      { hint: notAHubHint(hub), details: { hub, url, start: text.slice(0, 80) } },
    );
  }
  const parsed = hubSitesSchema.safeParse(data);
  if (!parsed.success) {
    const index = parsed.error.issues[0]?.path[0];
    const name =
      typeof index === 'number' && Array.isArray(data)
        ? (data[index] as { name?: unknown } | null)?.name
        : undefined;
    const site = typeof name === 'string' ? ` (site ${name})` : '';
    throw new FedcloudError(
      'SITE_CONFIG_INVALID',
      `the hub ${hub} returned an unexpected site list${site}: ${describeAnswerIssue(parsed.error)}`,
      { hint: notAHubHint(hub), details: { hub, url } },
    );
  }
  return parsed.data;
}

function notAHubHint(hub: string): string {
  return (
    `Is ${hub} a fedcloud hub or cloud-info API (it should answer GET /sites/ with a JSON ` +
    'list of sites)? Check FEDCLOUD_HUB, or unset it to use the local site files.'
  );
}

function rejected(hub: string, url: string, answer: GetResult & { ok: false }): FedcloudError {
  return new FedcloudError(
    'SITE_CONFIG_INVALID',
    `the hub ${hub} refused the site list: ${answer.reason} for ${url}`,
    {
      hint: notAHubHint(hub),
      details: { hub, url, ...(answer.status === undefined ? {} : { status: answer.status }) },
    },
  );
}

function unreachable(
  hub: string,
  answer: GetResult & { ok: false },
  fallback: SiteDirectory | undefined,
  fallbackError: unknown,
): FedcloudError {
  const hints = isTlsTrustFailure(answer.reason)
    ? [TLS_TRUST_HINT]
    : [
        `Check that the hub is up and FEDCLOUD_HUB (${hub}) is right; sites are cached for ` +
          'FEDCLOUD_HUB_TTL seconds after a successful request, so a later outage is bridged.',
      ];
  if (fallback && fallbackError !== undefined) {
    const reason =
      fallbackError instanceof Error ? fallbackError.message : JSON.stringify(fallbackError);
    hints.push(`The fallback, ${fallback.description}, failed too: ${reason}`);
  } else {
    hints.push('Without a hub, set FEDCLOUD_SITE_CONFIG_DIR to a folder of site files.');
  }
  return new FedcloudError(
    'SITE_UNREACHABLE',
    `cannot list the sites: the hub ${hub} is unreachable (${answer.reason})`,
    {
      hint: hints.join(' '),
      ...(answer.cause === undefined ? {} : { cause: answer.cause }),
      details: { hub, ...(answer.status === undefined ? {} : { status: answer.status }) },
    },
  );
}

function describeAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time ago';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
