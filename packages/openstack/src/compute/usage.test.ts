import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import { getTenantUsage, listTenantUsages } from './usage.js';

const NOVA = 'https://nova.one.example.org/v2.1';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

const server = (id: string, hours: number) => ({
  instance_id: id,
  name: `vm-${id}`,
  tenant_id: 'p-b',
  flavor: 'm1.small',
  state: 'active',
  hours,
  vcpus: 1,
  memory_mb: 512,
  local_gb: 10,
  started_at: '2024-01-03T10:00:00.000000',
  ended_at: null,
  uptime: 3600,
});

const usage = (tenant: string, totals: [number, number, number, number], servers?: unknown[]) => ({
  tenant_id: tenant,
  start: '2024-01-01T00:00:00',
  stop: '2024-02-01T00:00:00',
  total_hours: totals[0],
  total_vcpus_usage: totals[1],
  total_memory_mb_usage: totals[2],
  total_local_gb_usage: totals[3],
  ...(servers ? { server_usages: servers } : {}),
});

describe('simple tenant usage', () => {
  it('listTenantUsages sends the period at 2.40 and joins a project split across pages', async () => {
    const next = `${NOVA}/os-simple-tenant-usage?detailed=1&end=2024-02-01T00%3A00%3A00&limit=2&marker=s2&start=2024-01-01T00%3A00%3A00.000`;
    const { client, calls } = setup((_call, index) =>
      json(
        200,
        index === 0
          ? {
              tenant_usages: [
                usage('p-a', [2, 4, 1024, 20], [server('s1', 2)]),
                usage('p-b', [1, 1, 512, 10], [server('s2', 1)]),
              ],
              tenant_usages_links: [{ rel: 'next', href: next }],
            }
          : { tenant_usages: [usage('p-b', [3, 2, 2048, 40], [server('s3', 3)])] },
      ),
    );
    const usages = await listTenantUsages(
      client,
      { start: new Date('2024-01-01T00:00:00Z'), end: '2024-02-01T00:00:00' },
      { detailed: true, limit: 2 },
    );
    expect(calls[0]?.url).toBe(
      `${NOVA}/os-simple-tenant-usage?start=2024-01-01T00%3A00%3A00.000&end=2024-02-01T00%3A00%3A00&detailed=1&limit=2`,
    );
    expect(calls[0]?.headers.get('openstack-api-version')).toBe('compute 2.40');
    expect(calls[1]?.url).toBe(next);
    expect(usages.map((u) => u.tenant_id)).toEqual(['p-a', 'p-b']);
    expect(usages[1]).toMatchObject({
      total_hours: 4,
      total_vcpus_usage: 3,
      total_memory_mb_usage: 2560,
      total_local_gb_usage: 50,
    });
    expect(usages[1]?.server_usages?.map((s) => s.instance_id)).toEqual(['s2', 's3']);
  });

  it('listTenantUsages without detailed leaves server_usages out', async () => {
    const { client, calls } = setup(() =>
      json(200, { tenant_usages: [usage('p-a', [2, 4, 1024, 20])] }),
    );
    const [only] = await listTenantUsages(client, { start: '2024-01-01', end: '2024-01-02' });
    expect(only?.server_usages).toBeUndefined();
    expect(calls[0]?.url).toBe(`${NOVA}/os-simple-tenant-usage?start=2024-01-01&end=2024-01-02`);
  });

  it('getTenantUsage follows tenant_usage_links and sums the pages', async () => {
    const { client, calls } = setup((_call, index) =>
      json(
        200,
        index === 0
          ? {
              tenant_usage: usage('p-b', [1.5, 3, 768, 15], [server('a', 1.5)]),
              tenant_usage_links: [
                {
                  rel: 'next',
                  href: 'http://nova.internal:8774/v2.1/os-simple-tenant-usage/p-b?end=e&marker=a&start=s',
                },
              ],
            }
          : { tenant_usage: usage('p-b', [0.5, 1, 256, 5], [server('b', 0.5)]) },
      ),
    );
    const total = await getTenantUsage(client, 'p-b', { start: 's', end: 'e' });
    expect(calls[0]?.url).toBe(`${NOVA}/os-simple-tenant-usage/p-b?start=s&end=e`);
    // The link's host is Nova's own idea of itself; only its query is followed.
    expect(calls[1]?.url).toBe(`${NOVA}/os-simple-tenant-usage/p-b?end=e&marker=a&start=s`);
    expect(total).toMatchObject({
      tenant_id: 'p-b',
      total_hours: 2,
      total_vcpus_usage: 4,
      total_memory_mb_usage: 1024,
      total_local_gb_usage: 20,
    });
    expect(total?.server_usages?.map((s) => s.instance_id)).toEqual(['a', 'b']);
  });

  it('getTenantUsage of a project without instances in the period is undefined', async () => {
    const { client } = setup(() => json(200, { tenant_usage: {} }));
    expect(await getTenantUsage(client, 'p-idle', { start: 's', end: 'e' })).toBeUndefined();
  });
});
