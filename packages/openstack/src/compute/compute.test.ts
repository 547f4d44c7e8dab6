import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import { getFlavor, getFlavorExtraSpecs, listFlavors } from './flavors.js';
import { createKeypair, deleteKeypair, listKeypairs } from './keypairs.js';
import { getComputeQuotaLimits, getComputeQuotas, getLimits } from './limits.js';
import {
  createServer,
  deleteServer,
  getConsoleUrl,
  getServer,
  listServers,
  serverAction,
} from './servers.js';

const NOVA = 'https://nova.one.example.org/v2.1';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

/** Trimmed from https://docs.openstack.org/api-ref/compute/#show-server-details */
const SERVER = {
  id: '9168b536-cd40-4630-b43f-b259807c6e87',
  name: 'new-server-test',
  status: 'ACTIVE',
  tenant_id: 'p-123',
  user_id: 'admin',
  image: { id: '70a599e0-31e7-49b7-b260-868f441e862b', links: [] },
  flavor: {
    vcpus: 1,
    ram: 512,
    disk: 1,
    ephemeral: 0,
    swap: 0,
    original_name: 'm1.tiny',
    extra_specs: {},
  },
  addresses: {
    private: [
      {
        addr: '192.168.1.30',
        version: 4,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': 'aa:bb',
      },
    ],
  },
  key_name: null,
  metadata: { 'My Server Name': 'Apache1' },
  created: '2017-10-10T15:49:08Z',
  updated: '2017-10-10T15:49:09Z',
  'OS-EXT-STS:power_state': 1,
  'OS-EXT-STS:vm_state': 'active',
  links: [{ href: `${NOVA}/servers/9168b536`, rel: 'self' }],
};

describe('compute routes', () => {
  it('listServers GETs /servers/detail with filters and keeps extension fields', async () => {
    const { client, calls } = setup(() => json(200, { servers: [SERVER] }));
    const servers = await listServers(client, { name: '^web', all_tenants: true });
    expect(calls[0]?.url).toBe(`${NOVA}/servers/detail?name=%5Eweb&all_tenants=true`);
    expect(servers[0]?.['OS-EXT-STS:vm_state']).toBe('active');
    expect(servers[0]?.flavor?.original_name).toBe('m1.tiny');
  });

  it('getServer accepts a volume-booted server whose image is ""', async () => {
    const { client, calls } = setup(() => json(200, { server: { ...SERVER, image: '' } }));
    const server = await getServer(client, 'a b');
    expect(calls[0]?.url).toBe(`${NOVA}/servers/a%20b`);
    expect(server.image).toBe('');
  });

  it('createServer POSTs {server}, expects 202, sends 2.37 for networks "none"', async () => {
    const { client, calls } = setup(() =>
      json(202, {
        server: {
          id: 's-new',
          adminPass: 'pw',
          links: [],
          'OS-DCF:diskConfig': 'AUTO',
          security_groups: [{ name: 'default' }],
        },
      }),
    );
    const created = await createServer(client, {
      name: 'vm',
      flavorRef: 'f1',
      imageRef: 'i1',
      networks: 'none',
    });
    expect(created.id).toBe('s-new');
    expect(calls[0]?.method).toBe('POST');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      server: { name: 'vm', flavorRef: 'f1', imageRef: 'i1', networks: 'none' },
    });
    expect(calls[0]?.headers.get('openstack-api-version')).toBe('compute 2.37');
  });

  it('deleteServer expects 204', async () => {
    const { client, calls } = setup(() => empty(204));
    await deleteServer(client, 's1');
    expect(calls[0]?.method).toBe('DELETE');
  });

  it('serverAction sends os-start, os-stop and reboot bodies', async () => {
    const { client, calls } = setup(() => empty(202));
    await serverAction(client, 's1', 'start');
    await serverAction(client, 's1', 'stop');
    await serverAction(client, 's1', 'reboot', { type: 'HARD' });
    expect(calls.map((c) => c.url)).toEqual(Array(3).fill(`${NOVA}/servers/s1/action`));
    expect(calls.map((c): unknown => JSON.parse(c.body ?? ''))).toEqual([
      { 'os-start': null },
      { 'os-stop': null },
      { reboot: { type: 'HARD' } },
    ]);
  });

  it('serverAction sends pause, suspend, resume and shelve by their Nova names, and refuses others', async () => {
    const { client, calls } = setup(() => empty(202));
    await serverAction(client, 's1', 'pause');
    await serverAction(client, 's1', 'suspend');
    await serverAction(client, 's1', 'resume');
    await serverAction(client, 's1', 'shelve');
    expect(calls.map((c): unknown => JSON.parse(c.body ?? ''))).toEqual([
      { pause: null },
      { suspend: null },
      { resume: null },
      { shelve: null },
    ]);
    await expect(serverAction(client, 's1', 'explode' as 'start')).rejects.toThrow(
      'unknown action "explode"',
    );
    await expect(serverAction(client, 's1', 'toString' as 'start')).rejects.toThrow(TypeError);
    expect(calls).toHaveLength(4);
  });

  it('getConsoleUrl uses remote-consoles at microversion 2.6', async () => {
    const { client, calls } = setup(() =>
      json(200, {
        remote_console: {
          protocol: 'vnc',
          type: 'novnc',
          url: 'http://nova:6080/vnc_auto.html?path=%3Ftoken%3Dx',
        },
      }),
    );
    expect(await getConsoleUrl(client, 's1')).toContain('vnc_auto.html');
    expect(calls[0]?.url).toBe(`${NOVA}/servers/s1/remote-consoles`);
    expect(calls[0]?.headers.get('openstack-api-version')).toBe('compute 2.6');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      remote_console: { protocol: 'vnc', type: 'novnc' },
    });
  });

  it('flavors: detail list and show', async () => {
    const flavor = {
      id: '1',
      name: 'm1.tiny',
      vcpus: 1,
      ram: 512,
      disk: 1,
      'OS-FLV-EXT-DATA:ephemeral': 0,
      swap: '',
      'os-flavor-access:is_public': true,
      links: [],
    };
    const { client, calls } = setup((call) =>
      call.url.endsWith('/detail') ? json(200, { flavors: [flavor] }) : json(200, { flavor }),
    );
    expect((await listFlavors(client))[0]?.name).toBe('m1.tiny');
    expect((await getFlavor(client, '1')).ram).toBe(512);
    expect(calls.map((c) => c.url)).toEqual([`${NOVA}/flavors/detail`, `${NOVA}/flavors/1`]);
  });

  it('keypairs: unwrapped list, create, delete', async () => {
    const keypair = {
      name: 'key one',
      public_key: 'ssh-rsa AAA',
      fingerprint: 'aa:bb',
      type: 'ssh',
    };
    const { client, calls } = setup((call) => {
      if (call.method === 'GET') return json(200, { keypairs: [{ keypair }] });
      if (call.method === 'POST') return json(200, { keypair: { ...keypair, user_id: 'u1' } });
      return empty(202);
    });
    expect(await listKeypairs(client)).toEqual([keypair]);
    expect(
      (await createKeypair(client, { name: 'key one', public_key: 'ssh-rsa AAA' })).user_id,
    ).toBe('u1');
    await deleteKeypair(client, 'key one');
    expect(calls[2]?.url).toBe(`${NOVA}/os-keypairs/key%20one`);
  });

  it('limits and quota details', async () => {
    const { client, calls } = setup((call) =>
      call.url.endsWith('/limits')
        ? json(200, {
            limits: {
              absolute: { maxTotalCores: 20, totalCoresUsed: 4, maxTotalInstances: 10 },
              rate: [],
            },
          })
        : json(200, {
            quota_set: {
              id: 'p-123',
              cores: { in_use: 4, limit: 20, reserved: 0 },
              instances: { in_use: 2, limit: 10, reserved: 0 },
              ram: { in_use: 4096, limit: 51200, reserved: 0 },
            },
          }),
    );
    expect((await getLimits(client)).absolute.maxTotalCores).toBe(20);
    expect((await getComputeQuotas(client)).cores).toEqual({ in_use: 4, limit: 20, reserved: 0 });
    expect(calls[1]?.url).toBe(`${NOVA}/os-quota-sets/p-123/detail`);
  });

  it('getFlavorExtraSpecs reads os-extra_specs and keeps a non-string value as JSON', async () => {
    const { client, calls } = setup(() =>
      json(200, {
        extra_specs: {
          'hw:cpu_policy': 'dedicated',
          'pci_passthrough:alias': 'a100:1',
          n: 2,
          x: null,
        },
      }),
    );
    expect(await getFlavorExtraSpecs(client, 'g 1')).toEqual({
      'hw:cpu_policy': 'dedicated',
      'pci_passthrough:alias': 'a100:1',
      n: '2',
    });
    expect(calls[0]?.url).toBe(`${NOVA}/flavors/g%201/os-extra_specs`);
  });

  it('getComputeQuotaLimits reads the plain quota set of a project', async () => {
    const { client, calls } = setup(() =>
      json(200, { quota_set: { id: 'p-9', cores: 20, instances: 10, ram: 51200, fixed_ips: -1 } }),
    );
    const quotas = await getComputeQuotaLimits(client, 'p-9');
    expect(quotas).toEqual({ id: 'p-9', cores: 20, instances: 10, ram: 51200, fixed_ips: -1 });
    expect(calls[0]?.url).toBe(`${NOVA}/os-quota-sets/p-9`);
    await getComputeQuotaLimits(client);
    expect(calls[1]?.url).toBe(`${NOVA}/os-quota-sets/p-123`);
  });

  it('getComputeQuotaLimits without a project id → INVALID_ARGUMENT, no call', async () => {
    const fake = fakeFetch(() => json(200, {}));
    const client = createClient({
      transport: { fetch: fake.fetch },
      auth: scopedAuth({ projectId: undefined }),
    });
    await expect(getComputeQuotaLimits(client)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(fake.calls).toHaveLength(0);
  });
});
