import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../private-file.js';
import { hubSitesSchema, type HubSite } from './hub-answer.js';

/** The last good answer of one hub, with when it was fetched. */
export interface HubCacheEntry {
  hub: string;
  fetchedAt: Date;
  sites: HubSite[];
}

const entrySchema = z.object({
  version: z.literal(1),
  hub: z.string(),
  fetchedAt: z.iso.datetime({ offset: true }),
  sites: hubSitesSchema,
});

/** $XDG_CACHE_HOME/fedcloud/hub, else ~/.cache/fedcloud/hub (beside the Keystone token cache). */
export function defaultHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'fedcloud', 'hub');
}

/** One file per hub, named by the hash of its URL so any URL makes a safe file name. */
export function hubCacheFile(dir: string, hubUrl: string): string {
  return join(dir, `${createHash('sha256').update(hubUrl).digest('hex')}.json`);
}

/**
 * The cached answer, or undefined when there is none or it cannot be used (unreadable, not ours,
 * another hub's after a hash clash): a bad cache only costs one request.
 */
export async function readHubCache(
  file: string,
  hubUrl: string,
): Promise<HubCacheEntry | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = entrySchema.safeParse(raw);
  if (!parsed.success || parsed.data.hub !== hubUrl) return undefined;
  return { hub: hubUrl, fetchedAt: new Date(parsed.data.fetchedAt), sites: parsed.data.sites };
}

/** Replaces the cached answer of one hub atomically (see writePrivateFile). */
export async function writeHubCache(
  dir: string,
  file: string,
  entry: HubCacheEntry,
): Promise<void> {
  const content = `${JSON.stringify({
    version: 1,
    hub: entry.hub,
    fetchedAt: entry.fetchedAt.toISOString(),
    sites: entry.sites,
  })}\n`;
  await writePrivateFile(dir, file, content);
}
