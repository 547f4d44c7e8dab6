import { createClient, type Client } from '@fedcloud/openstack';
import type { FlavorFacts } from '@fedcloud/sdk/accounting';
import { describe, expect, it } from 'vitest';
import type { RunCatalogue, UserNames } from './catalogue.js';
import { extractProject, type ExtractContext } from './extract-project.js';

const PROJECT = { id: 'p1', vo: 'vo.access.egi.eu' };
const GPU: FlavorFacts = {
  id: 'gpu',
  vcpus: 8,
  ram: 32768,
  disk: 80,
  ephemeral: 0,
  extraSpecs: {
    'Accelerator:Type': 'GPU',
    'Accelerator:Vendor': 'nvidia',
    'Accelerator:Model': 'Tesla V100',
    'Accelerator:Number': '1',
  },
};

const json = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

function server(id: string, created: string) {
  return {
    id,
    name: id,
    status: 'ACTIVE',
    tenant_id: PROJECT.id,
    user_id: 'u1',
    created,
    updated: created,
    'OS-SRV-USG:launched_at': created,
    'OS-SRV-USG:terminated_at': null,
    flavor: { id: 'gpu' },
    image: { id: 'img' },
    addresses: {},
  };
}

/** A Nova and Neutron that answer what extractProject asks; `seen` records the paths. */
function site(servers: unknown[], floatingips: unknown[], seen: string[]): Client {
  return createClient({
    transport: {
      fetch: ((url: string) => {
        const path = new URL(url).pathname;
        seen.push(path);
        if (path.includes('/os-simple-tenant-usage/')) {
          return Promise.resolve(
            json({
              tenant_usage: {
                tenant_id: PROJECT.id,
                total_hours: 0,
                total_vcpus_usage: 0,
                total_memory_mb_usage: 0,
                total_local_gb_usage: 0,
              },
            }),
          );
        }
        if (path.endsWith('/servers/detail')) return Promise.resolve(json({ servers }));
        if (path.endsWith('/floatingips')) return Promise.resolve(json({ floatingips }));
        return Promise.resolve(new Response('not here', { status: 404 }));
      }) as unknown as typeof fetch,
    },
    auth: {
      token: 'project-token',
      identityUrl: 'https://k/v3',
      projectId: PROJECT.id,
      catalog: [
        { type: 'compute', endpoints: [{ interface: 'public', url: 'https://n/compute/v2.1' }] },
        { type: 'network', endpoints: [{ interface: 'public', url: 'https://q' }] },
      ],
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    },
  });
}

function context(now: Date): ExtractContext {
  return {
    siteName: 'SITE',
    serviceName: 'svc.example.org',
    cloudType: 'fedcloud-agent/test (OpenStack)',
    recordTypes: new Set(['cloud', 'ip', 'accelerator'] as const),
    catalogue: {
      flavor: (_c: Client, id?: string) => Promise.resolve(id === 'gpu' ? GPU : undefined),
      imageMpuri: () => Promise.resolve(undefined),
    } as unknown as RunCatalogue,
    users: { get: () => Promise.resolve('alice@egi.eu') } as unknown as UserNames,
    warn: (line) => {
      throw new Error(`unexpected warning: ${line}`);
    },
    now: () => now,
  };
}

describe('extractProject: records as cASO orders and stamps them', () => {
  // Window 2026-10-31T00:00Z → 2026-11-01T01:00Z. By hand: 2026-11-01T00:00Z is
  // 1_793_491_200 (2026-11-30T22:00Z = 1_796_076_000, minus 29 days 22 hours = 2_584_800 s).
  const window = { from: new Date('2026-10-31T00:00:00Z'), to: new Date('2026-11-01T01:00:00Z') };
  const NOV1 = 1_793_491_200;

  it('servers oldest first (cASO sorts the listing by created), whatever order Nova lists them', async () => {
    const seen: string[] = [];
    // Nova lists newest first.
    const nova = [
      server('gpu-new', '2026-11-01T00:30:00Z'),
      server('gpu-old', '2026-10-31T23:00:00Z'),
    ];
    const out = await extractProject(site(nova, [], seen), PROJECT, window, context(new Date()));
    expect(out.cloud.map((r) => [r.vmUuid, r.startTime, r.wallDuration])).toEqual([
      ['gpu-old', NOV1 - 3600, 7200],
      ['gpu-new', NOV1 + 1800, 1800],
    ]);
    // gpu-old: October 23:00 → 24:00 (3600 s) and November 00:00 → 01:00 (3600 s);
    // gpu-new: November 00:30 → 01:00 (1800 s). cASO's order: server by server, month by month.
    expect(
      out.accelerator.map((r) => [r.associatedRecord, r.measurementMonth, r.availableDuration]),
    ).toEqual([
      ['gpu-old', 10, 3600],
      ['gpu-old', 11, 3600],
      ['gpu-new', 11, 1800],
    ]);
  });

  it('IP records are measured when Neutron is read (cASO: now), not at the end of the window', async () => {
    const seen: string[] = [];
    const addresses = [
      {
        id: 'f1',
        floating_network_id: 'public',
        floating_ip_address: '172.24.4.7',
        project_id: 'p1',
        created_at: '2026-10-31T23:10:00Z',
      },
      {
        id: 'f2',
        floating_network_id: 'public',
        floating_ip_address: '2001:db8::7',
        project_id: 'p1',
        created_at: '2026-11-01T00:40:00Z',
      },
      // Allocated after the window's end: not counted.
      {
        id: 'f3',
        floating_network_id: 'public',
        floating_ip_address: '172.24.4.8',
        project_id: 'p1',
        created_at: '2026-11-01T02:00:00Z',
      },
    ];
    // Read on 3 November at 12:00: NOV1 + 2 days 12 hours = NOV1 + 216_000.
    const now = new Date('2026-11-03T12:00:00Z');
    const first = await extractProject(site([], addresses, seen), PROJECT, window, context(now));
    expect(first.ip.map((r) => [r.ipVersion, r.ipCount, r.measurementTime])).toEqual([
      [4, 1, NOV1 + 216_000],
      [6, 1, NOV1 + 216_000],
    ]);
    // The ids are UUIDs (version 8, RFC variant) and the same for the same measurement.
    for (const record of first.ip) {
      expect(record.uuid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    const again = await extractProject(site([], addresses, seen), PROJECT, window, context(now));
    expect(again.ip.map((r) => r.uuid)).toEqual(first.ip.map((r) => r.uuid));
    expect(new Set(first.ip.map((r) => r.uuid)).size).toBe(2);
  });
});
