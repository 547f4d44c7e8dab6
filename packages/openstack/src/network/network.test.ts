import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import {
  createFloatingIp,
  deleteFloatingIp,
  listFloatingIps,
  updateFloatingIp,
} from './floating-ips.js';
import { getNetwork, listSubnets } from './networks.js';
import { listPorts } from './ports.js';
import {
  createSecurityGroup,
  createSecurityGroupRule,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  listSecurityGroups,
} from './security-groups.js';

const NEUTRON = 'https://neutron.example.org:9696';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

const RULE = {
  id: 'r1',
  security_group_id: 'sg1',
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: 'tcp',
  port_range_min: 22,
  port_range_max: 22,
  remote_ip_prefix: '0.0.0.0/0',
  remote_group_id: null,
  project_id: 'p-123',
  revision_number: 0,
};

describe('network routes', () => {
  it('getNetwork and listSubnets with repeated fields parameters', async () => {
    const { client, calls } = setup((call) =>
      call.url.includes('/networks/')
        ? json(200, {
            network: {
              id: 'n1',
              name: 'private',
              status: 'ACTIVE',
              subnets: ['sn1'],
              'router:external': false,
            },
          })
        : json(200, {
            subnets: [
              {
                id: 'sn1',
                name: 'private-subnet',
                network_id: 'n1',
                cidr: '10.0.0.0/24',
                ip_version: 4,
                gateway_ip: '10.0.0.1',
              },
            ],
          }),
    );
    expect((await getNetwork(client, 'n1')).subnets).toEqual(['sn1']);
    expect((await listSubnets(client, { network_id: 'n1', fields: ['id', 'cidr'] }))[0]?.cidr).toBe(
      '10.0.0.0/24',
    );
    expect(calls[1]?.url).toBe(`${NEUTRON}/v2.0/subnets?network_id=n1&fields=id&fields=cidr`);
  });

  it('security groups: list, create, create rule', async () => {
    const { client, calls } = setup((call) => {
      if (call.method === 'GET')
        return json(200, {
          security_groups: [{ id: 'sg0', name: 'default', security_group_rules: [RULE] }],
        });
      if (call.url.endsWith('/security-groups'))
        return json(201, {
          security_group: { id: 'sg1', name: 'ssh', description: '', security_group_rules: [] },
        });
      return json(201, { security_group_rule: RULE });
    });
    expect((await listSecurityGroups(client))[0]?.security_group_rules).toHaveLength(1);
    expect((await createSecurityGroup(client, { name: 'ssh' })).id).toBe('sg1');
    const rule = await createSecurityGroupRule(client, {
      security_group_id: 'sg1',
      direction: 'ingress',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '0.0.0.0/0',
    });
    expect(rule.revision_number).toBe(0);
    expect(JSON.parse(calls[1]?.body ?? '')).toEqual({ security_group: { name: 'ssh' } });
    expect(calls[2]?.url).toBe(`${NEUTRON}/v2.0/security-group-rules`);
    expect(JSON.parse(calls[2]?.body ?? '').security_group_rule.security_group_id).toBe('sg1');
  });

  it('a duplicate rule → HTTP_CONFLICT with Neutron’s fault type', async () => {
    const { client } = setup(() =>
      json(409, {
        NeutronError: {
          type: 'SecurityGroupRuleExists',
          message: 'Security group rule already exists. Rule id is r1.',
          detail: '',
        },
      }),
    );
    await expect(
      createSecurityGroupRule(client, { security_group_id: 'sg1', direction: 'ingress' }),
    ).rejects.toMatchObject({
      code: 'HTTP_CONFLICT',
      fault: 'SecurityGroupRuleExists',
    });
  });

  it('floating IPs: list, create, delete', async () => {
    const fip = {
      id: 'f1',
      floating_ip_address: '172.24.4.228',
      floating_network_id: 'ext',
      fixed_ip_address: null,
      port_id: null,
      router_id: null,
      status: 'DOWN',
    };
    const { client, calls } = setup((call) => {
      if (call.method === 'GET') return json(200, { floatingips: [fip] });
      if (call.method === 'POST') return json(201, { floatingip: fip });
      return empty(204);
    });
    expect(await listFloatingIps(client)).toEqual([fip]);
    expect(
      (await createFloatingIp(client, { floating_network_id: 'ext' })).floating_ip_address,
    ).toBe('172.24.4.228');
    await deleteFloatingIp(client, 'f1');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `GET ${NEUTRON}/v2.0/floatingips`,
      `POST ${NEUTRON}/v2.0/floatingips`,
      `DELETE ${NEUTRON}/v2.0/floatingips/f1`,
    ]);
  });

  it("a server's ports by device_id, and a floating IP associated with one and released", async () => {
    const port = {
      id: 'port-1',
      network_id: 'n1',
      device_id: 'vm-1',
      device_owner: 'compute:nova',
      fixed_ips: [{ subnet_id: 'sn1', ip_address: '10.0.0.5' }],
    };
    const fip = {
      id: 'f1',
      floating_ip_address: '172.24.4.228',
      floating_network_id: 'ext',
      fixed_ip_address: '10.0.0.5',
      port_id: 'port-1',
      router_id: 'r1',
      status: 'DOWN',
    };
    const { client, calls } = setup((call) => {
      if (call.method === 'GET') return json(200, { ports: [port] });
      const body = JSON.parse(call.body ?? '{}') as { floatingip: { port_id: string | null } };
      return json(200, {
        floatingip: body.floatingip.port_id
          ? fip
          : { ...fip, port_id: null, fixed_ip_address: null },
      });
    });
    expect(await listPorts(client, { device_id: 'vm-1' })).toEqual([port]);
    expect((await updateFloatingIp(client, 'f1', { port_id: 'port-1' })).fixed_ip_address).toBe(
      '10.0.0.5',
    );
    expect((await updateFloatingIp(client, 'f1', { port_id: null })).port_id).toBeNull();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `GET ${NEUTRON}/v2.0/ports?device_id=vm-1`,
      `PUT ${NEUTRON}/v2.0/floatingips/f1`,
      `PUT ${NEUTRON}/v2.0/floatingips/f1`,
    ]);
    expect(JSON.parse(calls[2]?.body ?? '')).toEqual({ floatingip: { port_id: null } });
  });

  it('deletes security groups and rules (204), and reports a group still in use', async () => {
    const { client, calls } = setup((call) =>
      call.url.endsWith('/sg-busy')
        ? json(409, {
            NeutronError: {
              type: 'SecurityGroupInUse',
              message: 'Security Group sg-busy in use.',
              detail: '',
            },
          })
        : empty(204),
    );
    await deleteSecurityGroupRule(client, 'r1');
    await deleteSecurityGroup(client, 'sg1');
    await expect(deleteSecurityGroup(client, 'sg-busy')).rejects.toMatchObject({
      code: 'HTTP_CONFLICT',
      fault: 'SecurityGroupInUse',
    });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `DELETE ${NEUTRON}/v2.0/security-group-rules/r1`,
      `DELETE ${NEUTRON}/v2.0/security-groups/sg1`,
      `DELETE ${NEUTRON}/v2.0/security-groups/sg-busy`,
    ]);
  });
});
