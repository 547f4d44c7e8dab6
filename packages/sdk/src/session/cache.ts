import { readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { catalogSchema, type ScopedAuth } from '@fedcloud/openstack';
import { z } from 'zod';
import { writePrivateFile } from '../private-file.js';
import { sha256 } from './sha256.js';

/**
 * Keystone tokens per (site, project, user): in memory and on disk (mode 0600) under a hashed
 * name that holds no token value; entries are used only while well before their expiry.
 */
export interface KeystoneCache {
  get(key: string): Promise<ScopedAuth | undefined>;
  set(key: string, auth: ScopedAuth): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface KeystoneCacheOptions {
  /** `false` keeps the cache in memory only; default $XDG_CACHE_HOME/fedcloud/keystone. */
  dir?: string | false;
  env?: NodeJS.ProcessEnv;
  /** Current time in ms, for tests. */
  now?: () => number;
}

/** What makes a scoped token reusable: the same Keystone, project, IdP mapping and OIDC token. */
export interface KeystoneCacheKeyParts {
  endpoint: string;
  projectId: string;
  identityProvider: string;
  protocol: string;
  /** sha256 of the OIDC access token Keystone accepted. */
  accessTokenHash: string;
}

/**
 * A token this close to its expiry is not handed out: a command started with it could see it
 * lapse half-way (an image upload, a fan-out over slow sites).
 */
export const MIN_REMAINING_MS = 5 * 60_000;

export function keystoneCacheKey(parts: KeystoneCacheKeyParts): string {
  return sha256(
    [
      parts.endpoint,
      parts.projectId,
      parts.identityProvider,
      parts.protocol,
      parts.accessTokenHash,
    ].join('|'),
  );
}

export function defaultKeystoneCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'fedcloud', 'keystone');
}

const entrySchema = z.object({
  version: z.literal(1),
  token: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  catalog: catalogSchema,
  projectId: z.string().optional(),
  projectName: z.string().optional(),
  userId: z.string().optional(),
  roles: z.array(z.string()).optional(),
  identityUrl: z.string().optional(),
});

type Entry = z.infer<typeof entrySchema>;

export function createKeystoneCache(options: KeystoneCacheOptions = {}): KeystoneCache {
  const dir =
    options.dir === false ? undefined : (options.dir ?? defaultKeystoneCacheDir(options.env));
  const now = options.now ?? Date.now;
  const memory = new Map<string, ScopedAuth>();
  const fresh = (auth: ScopedAuth): boolean => auth.expiresAt.getTime() - now() > MIN_REMAINING_MS;
  const fileOf = (key: string): string => join(dir ?? '.', `${fileName(key)}.json`);

  return {
    async get(key) {
      const held = memory.get(key);
      if (held) {
        if (fresh(held)) return held;
        memory.delete(key);
      }
      if (dir === undefined) return undefined;
      const file = fileOf(key);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return undefined;
      }
      const auth = decode(text);
      if (!auth || !fresh(auth)) {
        // Corrupted or stale: remove it so the next run does not parse it again.
        await rm(file, { force: true }).catch(() => undefined);
        return undefined;
      }
      memory.set(key, auth);
      return auth;
    },

    async set(key, auth) {
      const stored = withoutCallbacks(auth);
      if (!fresh(stored)) return;
      memory.set(key, stored);
      if (dir === undefined) return;
      // A cache that cannot be written (read-only home, full disk) only costs a Keystone login.
      await writePrivateFile(dir, fileOf(key), encode(stored)).catch(() => undefined);
    },

    async delete(key) {
      memory.delete(key);
      if (dir !== undefined) await rm(fileOf(key), { force: true }).catch(() => undefined);
    },
  };
}

/** Keys from keystoneCacheKey are already hex digests; anything else is hashed to a safe name. */
function fileName(key: string): string {
  return /^[0-9a-f]{64}$/.test(key) ? key : sha256(key);
}

function withoutCallbacks(auth: ScopedAuth): ScopedAuth {
  const { reauthenticate: _reauthenticate, ...rest } = auth;
  return rest;
}

function encode(auth: ScopedAuth): string {
  const entry: Entry = {
    version: 1,
    token: auth.token,
    expiresAt: auth.expiresAt.toISOString(),
    catalog: auth.catalog,
  };
  if (auth.projectId !== undefined) entry.projectId = auth.projectId;
  if (auth.projectName !== undefined) entry.projectName = auth.projectName;
  if (auth.userId !== undefined) entry.userId = auth.userId;
  if (auth.roles !== undefined) entry.roles = auth.roles;
  if (auth.identityUrl !== undefined) entry.identityUrl = auth.identityUrl;
  return `${JSON.stringify(entry)}\n`;
}

function decode(text: string): ScopedAuth | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = entrySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { version: _version, expiresAt, ...rest } = parsed.data;
  const auth: ScopedAuth = {
    token: rest.token,
    expiresAt: new Date(expiresAt),
    catalog: rest.catalog,
  };
  if (rest.projectId !== undefined) auth.projectId = rest.projectId;
  if (rest.projectName !== undefined) auth.projectName = rest.projectName;
  if (rest.userId !== undefined) auth.userId = rest.userId;
  if (rest.roles !== undefined) auth.roles = rest.roles;
  if (rest.identityUrl !== undefined) auth.identityUrl = rest.identityUrl;
  return auth;
}
