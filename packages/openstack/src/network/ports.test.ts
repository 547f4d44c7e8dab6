import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import { getNetworkQuotas } from './quotas.js';
import { createPort, deletePort, getPort } from './ports.js';

const NEUTRON = 'https://neutron.example.org:9696';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

const PORT = {
  id: 'port-1',
  name: 'vm1-eth0',
  network_id: 'net-1',
  device_id: '',
  device_owner: '',
  status: 'DOWN',
  mac_address: 'fa:16:3e:00:00:01',
  fixed_ips: [{ subnet_id: 'sub-1', ip_address: '10.0.0.7' }],
  security_groups: ['sg-1'],
  project_id: 'p-123',
  'binding:vnic_type': 'normal',
};

describe('ports and network quotas', () => {
  it('createPort POSTs {port} and expects 201; getPort unwraps it', async () => {
    const { client, calls } = setup((call) =>
      call.method === 'POST' ? json(201, { port: PORT }) : json(200, { port: PORT }),
    );
    const created = await createPort(client, {
      network_id: 'net-1',
      name: 'vm1-eth0',
      fixed_ips: [{ subnet_id: 'sub-1' }],
    });
    expect(created.fixed_ips?.[0]?.ip_address).toBe('10.0.0.7');
    expect(calls[0]?.url).toBe(`${NEUTRON}/v2.0/ports`);
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      port: { network_id: 'net-1', name: 'vm1-eth0', fixed_ips: [{ subnet_id: 'sub-1' }] },
    });
    expect((await getPort(client, 'port-1'))['binding:vnic_type']).toBe('normal');
    expect(calls[1]?.url).toBe(`${NEUTRON}/v2.0/ports/port-1`);
  });

  it('deletePort expects 204; a missing one is HTTP_NOT_FOUND', async () => {
    const { client, calls } = setup((_call, index) =>
      index === 0
        ? empty(204)
        : json(404, {
            NeutronError: {
              type: 'PortNotFound',
              message: 'Port p9 could not be found.',
              detail: '',
            },
          }),
    );
    await deletePort(client, 'port-1');
    expect(calls[0]?.method).toBe('DELETE');
    await expect(deletePort(client, 'p9')).rejects.toMatchObject({
      code: 'HTTP_NOT_FOUND',
      fault: 'PortNotFound',
    });
  });

  it('getNetworkQuotas reads {quota} of a project', async () => {
    const { client, calls } = setup(() =>
      json(200, { quota: { network: 10, subnet: 10, port: 50, floatingip: 5, rbac_policy: -1 } }),
    );
    const quota = await getNetworkQuotas(client, 'p-123');
    expect(quota).toEqual({ network: 10, subnet: 10, port: 50, floatingip: 5, rbac_policy: -1 });
    expect(calls[0]?.url).toBe(`${NEUTRON}/v2.0/quotas/p-123`);
  });
});
