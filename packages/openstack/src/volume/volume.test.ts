import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth } from '../testing/fake-fetch.js';
import { getVolumeLimits, getVolumeQuotas } from './limits.js';
import { createVolume, deleteVolume, listVolumes } from './volumes.js';

const CINDER = 'https://cinder.example.org:8776/v3/p-123';

const VOLUME = {
  id: 'v1',
  name: 'data',
  status: 'available',
  size: 10,
  volume_type: '__DEFAULT__',
  availability_zone: 'nova',
  bootable: 'false',
  attachments: [],
  description: null,
  metadata: {},
  created_at: '2024-01-01T00:00:00.000000',
  'os-vol-tenant-attr:tenant_id': 'p-123',
};

describe('volume routes', () => {
  it('listVolumes follows volumes_links', async () => {
    const { fetch, calls } = fakeFetch((_call, index) =>
      json(
        200,
        index === 0
          ? {
              volumes: [VOLUME],
              volumes_links: [{ rel: 'next', href: `${CINDER}/volumes/detail?limit=1&marker=v1` }],
            }
          : { volumes: [{ ...VOLUME, id: 'v2' }] },
      ),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    expect((await listVolumes(client, { limit: 1 })).map((v) => v.id)).toEqual(['v1', 'v2']);
    expect(calls[1]?.url).toBe(`${CINDER}/volumes/detail?limit=1&marker=v1`);
  });

  it('createVolume (202) and deleteVolume (202)', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.method === 'POST'
        ? json(202, { volume: { ...VOLUME, status: 'creating' } })
        : empty(202),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    expect((await createVolume(client, { size: 10, name: 'data' })).status).toBe('creating');
    await deleteVolume(client, 'v1');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({ volume: { size: 10, name: 'data' } });
    expect(calls[1]?.url).toBe(`${CINDER}/volumes/v1`);
  });

  it('the block-storage service type is found under volumev3', () => {
    const client = createClient({
      auth: scopedAuth({
        catalog: [
          { type: 'block-storage', endpoints: [{ interface: 'public', url: 'https://bs/v3/p' }] },
        ],
      }),
    });
    expect(client.endpoint('volumev3')).toBe('https://bs/v3/p');
  });

  it('volume limits and quota set', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url.endsWith('/limits')
        ? json(200, {
            limits: {
              rate: [],
              absolute: { maxTotalVolumeGigabytes: 1000, totalGigabytesUsed: 30 },
            },
          })
        : json(200, {
            quota_set: { id: 'p-9', volumes: 10, gigabytes: 1000, gigabytes___DEFAULT__: -1 },
          }),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    expect((await getVolumeLimits(client)).absolute).toEqual({
      maxTotalVolumeGigabytes: 1000,
      totalGigabytesUsed: 30,
    });
    expect(calls[0]?.url).toBe(`${CINDER}/limits`);
    expect((await getVolumeQuotas(client, 'p-9'))['gigabytes___DEFAULT__']).toBe(-1);
    expect(calls[1]?.url).toBe(`${CINDER}/os-quota-sets/p-9`);
  });
});
