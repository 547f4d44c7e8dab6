import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScopedAuth } from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import {
  createKeystoneCache,
  defaultKeystoneCacheDir,
  keystoneCacheKey,
  MIN_REMAINING_MS,
} from './cache.js';

const auth = (expiresInMs: number, token = 'gAAAAAB-keystone-token-value'): ScopedAuth => ({
  token,
  expiresAt: new Date(Date.now() + expiresInMs),
  catalog: [
    { type: 'compute', endpoints: [{ interface: 'public', url: 'https://nova.example.org/v2.1' }] },
  ],
  projectId: 'p1',
  roles: ['member'],
  reauthenticate: async () => auth(3_600_000),
});

const KEY = keystoneCacheKey({
  endpoint: 'https://k.example.org/v3/',
  projectId: 'p1',
  identityProvider: 'egi.eu',
  protocol: 'openid',
  accessTokenHash: 'a'.repeat(64),
});

describe('createKeystoneCache', () => {
  it('keeps entries in memory only with dir: false', async () => {
    const cache = createKeystoneCache({ dir: false });
    await cache.set(KEY, auth(3_600_000));
    const hit = await cache.get(KEY);
    expect(hit?.token).toBe('gAAAAAB-keystone-token-value');
    expect(hit?.reauthenticate).toBeUndefined();
    await cache.delete(KEY);
    expect(await cache.get(KEY)).toBeUndefined();
  });

  it('writes a 0600 file in a 0700 folder, named by a hash, read back by another instance', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'kc-')), 'keystone');
    await createKeystoneCache({ dir }).set(KEY, auth(3_600_000));
    const files = await readdir(dir);
    expect(files).toEqual([`${KEY}.json`]);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, files[0]!))).mode & 0o777).toBe(0o600);
    const again = await createKeystoneCache({ dir }).get(KEY);
    expect(again).toMatchObject({ token: 'gAAAAAB-keystone-token-value', projectId: 'p1' });
    expect(again?.catalog[0]?.type).toBe('compute');
    expect(again?.expiresAt).toBeInstanceOf(Date);
  });

  it('neither stores nor hands out tokens about to expire', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kc-'));
    const cache = createKeystoneCache({ dir });
    await cache.set(KEY, auth(MIN_REMAINING_MS - 1000));
    expect(await readdir(dir)).toEqual([]);
    expect(await cache.get(KEY)).toBeUndefined();

    // An entry written earlier that has since come close to its expiry is dropped on read.
    await cache.set(KEY, auth(3_600_000));
    const later = createKeystoneCache({ dir, now: () => Date.now() + 3_600_000 - 60_000 });
    expect(await later.get(KEY)).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('ignores and deletes corrupted files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kc-'));
    const file = join(dir, `${KEY}.json`);
    for (const content of ['{not json', '{"version":1,"token":"x"}', '[]']) {
      await writeFile(file, content);
      expect(await createKeystoneCache({ dir }).get(KEY)).toBeUndefined();
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('names files by a hash of any other key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kc-'));
    await createKeystoneCache({ dir }).set('../../etc/passwd', auth(3_600_000));
    const [file] = await readdir(dir);
    expect(file).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(JSON.parse(await readFile(join(dir, file!), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('defaults to $XDG_CACHE_HOME/fedcloud/keystone, else ~/.cache/fedcloud/keystone', () => {
    expect(defaultKeystoneCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/fedcloud/keystone');
    expect(defaultKeystoneCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/fedcloud/keystone');
  });
});
