import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '../site/specs.js';
import { createTestSite, type TestSite } from '../testing/test-site.js';
import {
  createServerPort,
  deleteServerPorts,
  listServerAddresses,
  visibleNetworks,
} from './index.js';

type Json = Record<string, any>;

async function json(response: Response | Promise<Response>): Promise<Json> {
  return (await response).json() as Promise<Json>;
}

function vo(t: TestSite, i: number) {
  const project = t.site.spec.vos[i];
  if (!project) throw new Error('no such VO');
  return project;
}

describe('neutron discovery', () => {
  it('answers versions, resources and extensions', async () => {
    const t = createTestSite();
    const versions = await json(t.call('GET', '/network/'));
    expect(versions.versions[0]).toMatchObject({ id: 'v2.0', status: 'CURRENT' });
    expect(versions.versions[0].links[0].href).toBe('https://127.0.0.1:7501/network/v2.0/');

    expect((await t.call('GET', '/network/v2.0/networks')).status).toBe(401);
    const token = t.memberToken();
    const extensions = await json(t.call('GET', '/network/v2.0/extensions', { token }));
    const aliases = extensions.extensions.map((e: Json) => e.alias);
    expect(aliases).toEqual(
      expect.arrayContaining([
        'router',
        'external-net',
        'security-group',
        'quotas',
        'standard-attr-tag',
      ]),
    );
    const resources = await json(t.call('GET', '/network/v2.0/', { token }));
    expect(resources.resources.map((r: Json) => r.collection)).toContain('security-groups');
  });
});

describe('seeded networks', () => {
  it('shows each project its private network plus the external one, and hides others', async () => {
    const t = createTestSite();
    const token = t.memberToken();
    const { networks } = await json(t.call('GET', '/network/v2.0/networks', { token }));
    expect(networks.map((n: Json) => n.name).sort()).toEqual(['private-net', 'public']);
    const priv = networks.find((n: Json) => n.name === 'private-net');
    expect(priv).toMatchObject({
      project_id: vo(t, 0).projectId,
      tenant_id: vo(t, 0).projectId,
      shared: false,
      'router:external': false,
      mtu: 1450,
      status: 'ACTIVE',
      admin_state_up: true,
      port_security_enabled: true,
      availability_zones: ['nova'],
      tags: [],
    });
    expect(priv.subnets).toHaveLength(1);
    expect(priv).not.toHaveProperty('provider:network_type');
    const pub = networks.find((n: Json) => n.name === 'public');
    expect(pub).toMatchObject({ 'router:external': true, shared: false });

    const subnet = await json(t.call('GET', `/network/v2.0/subnets/${priv.subnets[0]}`, { token }));
    expect(subnet.subnet).toMatchObject({
      cidr: '10.0.1.0/24',
      gateway_ip: '10.0.1.1',
      ip_version: 4,
      enable_dhcp: true,
    });
    expect(subnet.subnet.allocation_pools).toEqual([{ start: '10.0.1.2', end: '10.0.1.254' }]);

    // Nova sees exactly the private network.
    expect(visibleNetworks(t.site, vo(t, 0).projectId).map((n) => n.name)).toEqual(['private-net']);

    // Another VO's network is absent, not forbidden.
    const other = await json(
      t.call('GET', '/network/v2.0/networks?name=private-net', {
        token: t.memberToken(vo(t, 1).vo),
      }),
    );
    const otherId = other.networks[0].id as string;
    expect(otherId).not.toBe(priv.id);
    const hidden = await t.call('GET', `/network/v2.0/networks/${otherId}`, { token });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual({
      NeutronError: {
        type: 'NetworkNotFound',
        message: `Network ${otherId} could not be found.`,
        detail: '',
      },
    });

    // The admin sees everything, with provider attributes.
    const all = await json(t.call('GET', '/network/v2.0/networks', { token: t.adminToken() }));
    expect(all.networks).toHaveLength(t.site.spec.vos.length + 2);
    expect(all.networks[0]).toHaveProperty('provider:network_type');

    // The seeded router has its gateway on public and an interface on the private subnet.
    const { routers } = await json(t.call('GET', '/network/v2.0/routers', { token }));
    expect(routers).toHaveLength(1);
    expect(routers[0].external_gateway_info.network_id).toBe(pub.id);
    expect(routers[0].external_gateway_info.external_fixed_ips[0].ip_address).toMatch(
      /^172\.24\.4\./,
    );
  });

  it('is idempotent', async () => {
    const t = createTestSite();
    const { seedNetwork } = await import('./index.js');
    const before = t.site.store.count('neutron.port');
    seedNetwork(t.site);
    expect(t.site.store.count('neutron.port')).toBe(before);
    expect(t.site.store.count('neutron.network')).toBe(t.site.spec.vos.length + 2);
  });
});

describe('security groups', () => {
  it('creates the default group with its four rules on first access', async () => {
    const t = createTestSite();
    const token = t.memberToken();
    const { security_groups: groups } = await json(
      t.call('GET', '/network/v2.0/security-groups', { token }),
    );
    expect(groups).toHaveLength(1);
    const group = groups[0];
    expect(group).toMatchObject({
      name: 'default',
      description: 'Default security group',
      project_id: vo(t, 0).projectId,
      stateful: true,
    });
    expect(group.security_group_rules).toHaveLength(4);
    const ingress = group.security_group_rules.filter((r: Json) => r.direction === 'ingress');
    expect(ingress.map((r: Json) => r.remote_group_id)).toEqual([group.id, group.id]);
    expect(group.security_group_rules.map((r: Json) => r.ethertype).sort()).toEqual([
      'IPv4',
      'IPv4',
      'IPv6',
      'IPv6',
    ]);

    // Still one after another look.
    const again = await json(
      t.call('GET', '/network/v2.0/security-groups?name=default', { token }),
    );
    expect(again.security_groups).toHaveLength(1);

    const rule = {
      security_group_rule: {
        security_group_id: group.id,
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '0.0.0.0/0',
      },
    };
    const created = await t.call('POST', '/network/v2.0/security-group-rules', {
      token,
      body: rule,
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Json;
    expect(body.security_group_rule).toMatchObject({
      protocol: 'tcp',
      port_range_min: 22,
      remote_ip_prefix: '0.0.0.0/0',
      revision_number: 0,
    });

    const duplicate = await t.call('POST', '/network/v2.0/security-group-rules', {
      token,
      body: rule,
    });
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as Json).NeutronError).toMatchObject({
      type: 'SecurityGroupRuleExists',
      message: `Security group rule already exists. Rule id is ${body.security_group_rule.id}.`,
    });

    const bad = await t.call('POST', '/network/v2.0/security-group-rules', {
      token,
      body: {
        security_group_rule: {
          ...rule.security_group_rule,
          protocol: null,
          port_range_min: 80,
          port_range_max: 80,
        },
      },
    });
    expect(bad.status).toBe(400);

    // Rules show up in the group; the default group cannot be deleted by its members.
    const shown = await json(t.call('GET', `/network/v2.0/security-groups/${group.id}`, { token }));
    expect(shown.security_group.security_group_rules).toHaveLength(5);
    expect(
      (await t.call('DELETE', `/network/v2.0/security-groups/${group.id}`, { token })).status,
    ).toBe(409);
  });

  it('enforces the security group quota', async () => {
    const t = createTestSite({ quotas: { ...DEFAULT_QUOTAS, security_groups: 2 } });
    const token = t.memberToken();
    const create = (name: string) =>
      t.call('POST', '/network/v2.0/security-groups', {
        token,
        body: { security_group: { name } },
      });
    expect((await create('web')).status).toBe(201); // default + web = 2
    const over = await create('db');
    expect(over.status).toBe(409);
    expect(await over.json()).toEqual({
      NeutronError: {
        type: 'OverQuota',
        message: "Quota exceeded for resources: ['security_group'].",
        detail: '',
      },
    });
  });
});

describe('floating IPs and server ports', () => {
  it('associates a floating IP with a server port and shows it in the server addresses', async () => {
    const t = createTestSite({ quotas: { ...DEFAULT_QUOTAS, floating_ips: 1 } });
    const token = t.memberToken();
    const projectId = vo(t, 0).projectId;
    const net = visibleNetworks(t.site, projectId)[0]!;
    const port = createServerPort(t.site, {
      projectId,
      deviceId: 'server-1',
      networkId: net.id,
      securityGroupIds: [],
    });
    expect(port.ip).toBe('10.0.1.2');
    expect(port.mac).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);

    const shownPort = await json(t.call('GET', `/network/v2.0/ports/${port.portId}`, { token }));
    expect(shownPort.port).toMatchObject({
      device_owner: 'compute:nova',
      device_id: 'server-1',
      status: 'ACTIVE',
      'binding:vnic_type': 'normal',
      fixed_ips: [{ ip_address: '10.0.1.2' }],
    });
    expect(shownPort.port.security_groups).toHaveLength(1);

    const pub = (
      await json(t.call('GET', '/network/v2.0/networks?router:external=true', { token }))
    ).networks[0];
    const created = await t.call('POST', '/network/v2.0/floatingips', {
      token,
      body: { floatingip: { floating_network_id: pub.id } },
    });
    expect(created.status).toBe(201);
    const fip = ((await created.json()) as Json).floatingip;
    expect(fip).toMatchObject({
      status: 'DOWN',
      port_id: null,
      fixed_ip_address: null,
      router_id: null,
      project_id: projectId,
    });
    expect(fip.floating_ip_address).toMatch(/^172\.24\.4\.\d+$/);

    const associated = await json(
      t.call('PUT', `/network/v2.0/floatingips/${fip.id}`, {
        token,
        body: { floatingip: { port_id: port.portId } },
      }),
    );
    expect(associated.floatingip).toMatchObject({
      status: 'ACTIVE',
      port_id: port.portId,
      fixed_ip_address: '10.0.1.2',
    });
    expect(associated.floatingip.router_id).toBeTruthy();
    expect(associated.floatingip.port_details.device_id).toBe('server-1');

    expect(listServerAddresses(t.site, 'server-1')).toEqual({
      'private-net': [
        {
          version: 4,
          addr: '10.0.1.2',
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': port.mac,
        },
        {
          version: 4,
          addr: fip.floating_ip_address,
          'OS-EXT-IPS:type': 'floating',
          'OS-EXT-IPS-MAC:mac_addr': port.mac,
        },
      ],
    });

    // The floating IP quota is 1.
    const over = await t.call('POST', '/network/v2.0/floatingips', {
      token,
      body: { floatingip: { floating_network_id: pub.id } },
    });
    expect(over.status).toBe(409);
    expect(((await over.json()) as Json).NeutronError.type).toBe('OverQuota');

    deleteServerPorts(t.site, 'server-1');
    expect(listServerAddresses(t.site, 'server-1')).toEqual({});
    const after = await json(t.call('GET', `/network/v2.0/floatingips/${fip.id}`, { token }));
    expect(after.floatingip).toMatchObject({ status: 'DOWN', port_id: null });
    expect((await t.call('GET', `/network/v2.0/ports/${port.portId}`, { token })).status).toBe(404);
  });

  it('refuses unknown networks and keeps ports the user created', async () => {
    const t = createTestSite();
    const projectId = vo(t, 0).projectId;
    const otherNet = visibleNetworks(t.site, vo(t, 1).projectId)[0]!;
    expect(() =>
      createServerPort(t.site, {
        projectId,
        deviceId: 's',
        networkId: otherNet.id,
        securityGroupIds: [],
      }),
    ).toThrow(expect.objectContaining({ status: 404 }));

    const token = t.memberToken();
    const net = visibleNetworks(t.site, projectId)[0]!;
    const created = await json(
      t.call('POST', '/network/v2.0/ports', {
        token,
        body: { port: { network_id: net.id, name: 'mine' } },
      }),
    );
    expect(created.port.status).toBe('DOWN');
    const bound = createServerPort(t.site, {
      projectId,
      deviceId: 's2',
      portId: created.port.id,
      securityGroupIds: [],
    });
    expect(bound.portId).toBe(created.port.id);
    deleteServerPorts(t.site, 's2');
    const kept = await json(t.call('GET', `/network/v2.0/ports/${created.port.id}`, { token }));
    expect(kept.port).toMatchObject({ device_id: '', device_owner: '', status: 'DOWN' });
  });
});

describe('routers', () => {
  it('adds and removes an interface on a new subnet', async () => {
    const t = createTestSite();
    const token = t.memberToken();
    const network = (
      await json(
        t.call('POST', '/network/v2.0/networks', { token, body: { network: { name: 'lab' } } }),
      )
    ).network;
    const subnetResponse = await t.call('POST', '/network/v2.0/subnets', {
      token,
      body: {
        subnet: {
          network_id: network.id,
          cidr: '192.168.7.0/24',
          ip_version: 4,
          name: 'lab-subnet',
        },
      },
    });
    expect(subnetResponse.status).toBe(201);
    const subnet = ((await subnetResponse.json()) as Json).subnet;
    const router = (
      await json(
        t.call('POST', '/network/v2.0/routers', {
          token,
          body: { router: { name: 'lab-router' } },
        }),
      )
    ).router;
    expect(router.external_gateway_info).toBeNull();

    const added = await t.call('PUT', `/network/v2.0/routers/${router.id}/add_router_interface`, {
      token,
      body: { subnet_id: subnet.id },
    });
    expect(added.status).toBe(200);
    const info = (await added.json()) as Json;
    expect(info).toMatchObject({
      id: router.id,
      subnet_id: subnet.id,
      network_id: network.id,
      subnet_ids: [subnet.id],
    });

    const ports = await json(
      t.call(
        'GET',
        `/network/v2.0/ports?device_id=${router.id}&device_owner=network:router_interface`,
        { token },
      ),
    );
    expect(ports.ports).toHaveLength(1);
    expect(ports.ports[0].fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '192.168.7.1' }]);

    const twice = await t.call('PUT', `/network/v2.0/routers/${router.id}/add_router_interface`, {
      token,
      body: { subnet_id: subnet.id },
    });
    expect(twice.status).toBe(400);
    expect((await t.call('DELETE', `/network/v2.0/subnets/${subnet.id}`, { token })).status).toBe(
      409,
    );
    expect((await t.call('DELETE', `/network/v2.0/routers/${router.id}`, { token })).status).toBe(
      409,
    );
    expect(
      (await t.call('DELETE', `/network/v2.0/ports/${ports.ports[0].id}`, { token })).status,
    ).toBe(409);

    const removed = await t.call(
      'PUT',
      `/network/v2.0/routers/${router.id}/remove_router_interface`,
      { token, body: { subnet_id: subnet.id } },
    );
    expect(removed.status).toBe(200);
    expect((await t.call('DELETE', `/network/v2.0/routers/${router.id}`, { token })).status).toBe(
      204,
    );
    expect((await t.call('DELETE', `/network/v2.0/networks/${network.id}`, { token })).status).toBe(
      204,
    );
    expect((await t.call('GET', `/network/v2.0/subnets/${subnet.id}`, { token })).status).toBe(404);
  });

  it('refuses to delete a network with server ports', async () => {
    const t = createTestSite();
    const projectId = vo(t, 0).projectId;
    const net = visibleNetworks(t.site, projectId)[0]!;
    createServerPort(t.site, { projectId, deviceId: 'x', networkId: net.id, securityGroupIds: [] });
    const response = await t.call('DELETE', `/network/v2.0/networks/${net.id}`, {
      token: t.memberToken(),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as Json).NeutronError.type).toBe('NetworkInUse');
  });
});

describe('list queries', () => {
  it('filters, selects fields, sorts and paginates', async () => {
    const t = createTestSite();
    const token = t.memberToken();
    for (const name of ['c-net', 'a-net', 'b-net']) {
      await t.call('POST', '/network/v2.0/networks', { token, body: { network: { name } } });
    }
    const filtered = await json(
      t.call(
        'GET',
        '/network/v2.0/networks?name=a-net&name=b-net&fields=id&fields=name&sort_key=name&sort_dir=desc',
        { token },
      ),
    );
    expect(filtered.networks.map((n: Json) => n.name)).toEqual(['b-net', 'a-net']);
    expect(Object.keys(filtered.networks[0]).sort()).toEqual(['id', 'name']);

    const projectId = vo(t, 0).projectId;
    const page1 = await json(
      t.call('GET', `/network/v2.0/networks?project_id=${projectId}&limit=2&sort_key=name`, {
        token,
      }),
    );
    expect(page1.networks.map((n: Json) => n.name)).toEqual(['a-net', 'b-net']);
    const next = page1.networks_links.find((l: Json) => l.rel === 'next').href as string;
    expect(next).toContain('marker=');
    const page2 = await json(t.call('GET', next.replace('https://127.0.0.1:7501', ''), { token }));
    expect(page2.networks.map((n: Json) => n.name)).toEqual(['c-net', 'private-net']);
    expect(page2.networks_links.map((l: Json) => l.rel)).toEqual(['next', 'previous']);

    const shared = await json(
      t.call('GET', '/network/v2.0/networks?shared=False&router:external=False', { token }),
    );
    expect(shared.networks).toHaveLength(4);

    const badFilter = await t.call('GET', '/network/v2.0/networks?colour=red', { token });
    expect(badFilter.status).toBe(400);
    expect(((await badFilter.json()) as Json).NeutronError.message).toBe(
      '[colour] is invalid attribute for filtering',
    );

    const shown = await json(
      t.call('GET', `/network/v2.0/networks/${filtered.networks[0].id}?fields=name`, { token }),
    );
    expect(shown).toEqual({ network: { name: 'b-net' } });
  });

  it('supports tags and tag filters', async () => {
    const t = createTestSite();
    const token = t.memberToken();
    const net = (
      await json(
        t.call('POST', '/network/v2.0/networks', { token, body: { network: { name: 'tagged' } } }),
      )
    ).network;
    expect(
      (await t.call('PUT', `/network/v2.0/networks/${net.id}/tags/blue`, { token })).status,
    ).toBe(201);
    const tags = await json(
      t.call('PUT', `/network/v2.0/networks/${net.id}/tags`, {
        token,
        body: { tags: ['red', 'green'] },
      }),
    );
    expect(tags.tags).toEqual(['red', 'green']);
    const hit = await json(t.call('GET', '/network/v2.0/networks?tags=red,green', { token }));
    expect(hit.networks.map((n: Json) => n.id)).toEqual([net.id]);
    const miss = await json(t.call('GET', '/network/v2.0/networks?not-tags-any=red', { token }));
    expect(miss.networks.map((n: Json) => n.id)).not.toContain(net.id);
  });
});

describe('request validation', () => {
  it('answers malformed and invalid bodies with neutron 400s', async () => {
    const t = createTestSite();
    const token = t.memberToken();
    const malformed = await t.call('POST', '/network/v2.0/networks', {
      token,
      body: '{"network": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).NeutronError).toMatchObject({
      type: 'HTTPBadRequest',
      message: 'Malformed request body',
    });

    const unknown = await t.call('POST', '/network/v2.0/networks', {
      token,
      body: { network: { colour: 'red' } },
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Json).NeutronError.message).toBe(
      "Unrecognized attribute(s) 'colour'",
    );

    const missing = await t.call('POST', '/network/v2.0/networks', { token, body: { net: {} } });
    expect(((await missing.json()) as Json).NeutronError.message).toBe(
      "Unable to find 'network' in request body",
    );

    const shared = await t.call('POST', '/network/v2.0/networks', {
      token,
      body: { network: { shared: true } },
    });
    expect(shared.status).toBe(403);

    const net = visibleNetworks(t.site, vo(t, 0).projectId)[0]!;
    const badCidr = await t.call('POST', '/network/v2.0/subnets', {
      token,
      body: { subnet: { network_id: net.id, cidr: '10.9.9.5/24', ip_version: 4 } },
    });
    expect(badCidr.status).toBe(400);

    const quota = await json(
      t.call('GET', `/network/v2.0/quotas/${vo(t, 0).projectId}`, { token }),
    );
    expect(quota.quota).toMatchObject({
      floatingip: 10,
      security_group: 10,
      network: 100,
      port: 500,
    });
    const details = await json(
      t.call('GET', `/network/v2.0/quotas/${vo(t, 0).projectId}/details.json`, { token }),
    );
    expect(details.quota.network).toEqual({ limit: 100, used: 1, reserved: 0 });
    expect(
      (await t.call('GET', `/network/v2.0/quotas/${vo(t, 1).projectId}`, { token })).status,
    ).toBe(403);
  });
});
