import {
  createFloatingIp,
  createSecurityGroup,
  createSecurityGroupRule,
  deleteFloatingIp,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  getNetwork,
  listFloatingIps,
  listSecurityGroups,
  listSubnets,
} from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { bootChoice } from './compute.js';
import { rejection } from './context.js';
import type { SuiteInfo, Use } from './parts.js';

/** Neutron: networks and subnets, security groups and their rules, floating IPs. */
export function defineNetworkTests(use: Use, _info: SuiteInfo): void {
  describe('networks', () => {
    it('lists the project network with its subnet, and the external network', async () => {
      const session = await use().session();
      const { network, external } = await bootChoice(session);
      expect(network).toMatchObject({ status: 'ACTIVE', admin_state_up: true, shared: false });
      expect(network.subnets?.length).toBeGreaterThan(0);
      const subnets = await listSubnets(session.client, { network_id: network.id });
      expect(subnets.map((s) => s.id).sort()).toEqual([...(network.subnets ?? [])].sort());
      expect(subnets[0]).toMatchObject({ ip_version: 4, network_id: network.id });
      expect(subnets[0]?.cidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
      const shown = await getNetwork(session.client, external.id);
      expect(shown).toMatchObject({ id: external.id, 'router:external': true });
    });
  });

  describe('security groups', () => {
    it('every project has a default group', async () => {
      const { client, projectId } = await use().session();
      const groups = await listSecurityGroups(client, { name: 'default' });
      expect(groups.filter((g) => g.project_id === projectId)).toHaveLength(1);
    });

    it('creates a group with egress rules, adds a rule, refuses a duplicate with 409, deletes it', async () => {
      const c = use();
      const { client, projectId } = await c.session();
      const group = await createSecurityGroup(client, { name: c.name('sg'), description: 'ssh' });
      try {
        expect(group).toMatchObject({ name: c.name('sg'), project_id: projectId });
        const egress = (group.security_group_rules ?? []).map(
          (r) => `${r.direction} ${r.ethertype}`,
        );
        expect(egress.sort()).toEqual(['egress IPv4', 'egress IPv6']);
        // Rules Neutron adds itself have no description at all; a user's gets "".
        expect(group.security_group_rules?.map((r) => r.description)).toEqual([null, null]);
        const rule = {
          security_group_id: group.id,
          direction: 'ingress' as const,
          ethertype: 'IPv4' as const,
          protocol: 'tcp',
          port_range_min: 22,
          port_range_max: 22,
          remote_ip_prefix: '0.0.0.0/0',
        };
        const created = await createSecurityGroupRule(client, rule);
        expect(created).toMatchObject({ ...rule, remote_group_id: null, description: '' });
        const duplicate = await rejection(createSecurityGroupRule(client, rule));
        expect(duplicate).toMatchObject({
          code: 'HTTP_CONFLICT',
          status: 409,
          fault: 'SecurityGroupRuleExists',
        });
        expect(String(duplicate.message)).toContain(
          `Security group rule already exists. Rule id is ${created.id}.`,
        );
        const listed = await listSecurityGroups(client, { id: group.id });
        expect(listed[0]?.security_group_rules?.map((r) => r.id)).toContain(created.id);
        await deleteSecurityGroupRule(client, created.id);
      } finally {
        await deleteSecurityGroup(client, group.id);
      }
      expect(await listSecurityGroups(client, { id: group.id })).toEqual([]);
    });
  });

  describe('floating IPs', () => {
    it('allocates an address from the external network and releases it', async () => {
      const c = use();
      const session = await c.session();
      const { external } = await bootChoice(session);
      const ip = await createFloatingIp(session.client, {
        floating_network_id: external.id,
        description: c.name('fip'),
      });
      try {
        expect(ip).toMatchObject({
          floating_network_id: external.id,
          port_id: null,
          fixed_ip_address: null,
          router_id: null,
          status: 'DOWN',
          project_id: session.projectId,
        });
        const listed = await listFloatingIps(session.client, { floating_network_id: external.id });
        expect(listed.find((f) => f.id === ip.id)?.floating_ip_address).toBe(
          ip.floating_ip_address,
        );
      } finally {
        await deleteFloatingIp(session.client, ip.id);
      }
      expect(await rejection(deleteFloatingIp(session.client, ip.id))).toMatchObject({
        status: 404,
        fault: 'FloatingIPNotFound',
      });
    });
  });
}
