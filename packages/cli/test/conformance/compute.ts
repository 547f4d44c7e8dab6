import { generateKeyPairSync } from 'node:crypto';
import {
  createFloatingIp,
  createKeypair,
  createServer,
  deleteFloatingIp,
  deleteKeypair,
  deleteServer,
  getComputeQuotas,
  getFlavor,
  getServer,
  listFlavors,
  listFloatingIps,
  listImages,
  listKeypairs,
  listNetworks,
  listPorts,
  listServers,
  getLimits,
  serverAction,
  updateFloatingIp,
  type Flavor,
  type Image,
  type Network,
  type Server,
} from '@fedcloud/openstack';
import type { SiteSession } from '@fedcloud/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, waitForServer, waitForServerGone, type Conformance } from './context.js';
import type { SuiteInfo, Use } from './parts.js';

/** A fresh ed25519 public key in OpenSSH's one-line format. */
export function sshPublicKey(comment: string): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

/** What booting a server needs, found the way a user would: by looking at the catalogue. */
export interface BootChoice {
  flavor: Flavor;
  image: Image;
  network: Network;
  external: Network;
}

export async function bootChoice(session: SiteSession): Promise<BootChoice> {
  const { client, projectId } = session;
  const [flavors, images, networks] = await Promise.all([
    listFlavors(client),
    listImages(client, { visibility: 'public', status: 'active' }),
    listNetworks(client),
  ]);
  const flavor = [...flavors].sort((a, b) => (a.ram ?? 0) - (b.ram ?? 0))[0];
  const image = images.find((i) => (i.size ?? 0) > 0);
  const network = networks.find(
    (n) => !n['router:external'] && (n.project_id ?? n.tenant_id) === projectId,
  );
  const external = networks.find((n) => n['router:external'] === true);
  if (!flavor || !image || !network || !external) {
    throw new Error(
      'the target lacks a flavor, a public image, a project network or an external one',
    );
  }
  return { flavor, image, network, external };
}

const USER_DATA = '#cloud-config\nruncmd:\n  - echo conformance > /tmp/conformance\n';

/** Flavors, key pairs, servers through their life cycle, floating IPs, quotas, microversions. */
export function defineComputeTests(use: Use, _info: SuiteInfo): void {
  describe('flavors', () => {
    it('lists flavors with details and shows each by id', async () => {
      const { client } = await use().session();
      const flavors = await listFlavors(client);
      expect(flavors.length).toBeGreaterThanOrEqual(2);
      for (const flavor of flavors.slice(0, 3)) {
        expect(flavor.vcpus).toBeGreaterThan(0);
        expect(flavor.ram).toBeGreaterThan(0);
        const shown = await getFlavor(client, flavor.id);
        expect(shown).toMatchObject({
          id: flavor.id,
          name: flavor.name,
          vcpus: flavor.vcpus,
          ram: flavor.ram,
          disk: flavor.disk,
        });
      }
    });
  });

  describe('key pairs', () => {
    it('imports a public key, lists it, refuses a duplicate with 409 and deletes it', async () => {
      const c = use();
      const { client } = await c.session();
      const name = c.name('key');
      const publicKey = sshPublicKey('conformance@fedcloud');
      const created = await createKeypair(client, { name, public_key: publicKey });
      try {
        expect(created.name).toBe(name);
        expect(created.public_key).toBe(publicKey);
        expect(created.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
        expect(created.private_key).toBeUndefined();
        const listed = await listKeypairs(client);
        expect(listed.find((k) => k.name === name)?.fingerprint).toBe(created.fingerprint);
        const duplicate = await rejection(createKeypair(client, { name, public_key: publicKey }));
        expect(duplicate).toMatchObject({
          code: 'HTTP_CONFLICT',
          status: 409,
          fault: 'conflictingRequest',
        });
        expect(String(duplicate.message)).toContain(`Key pair '${name}' already exists.`);
      } finally {
        await deleteKeypair(client, name);
      }
      expect(await rejection(deleteKeypair(client, name))).toMatchObject({
        status: 404,
        fault: 'itemNotFound',
      });
    });
  });

  describe('server life cycle', () => {
    let c: Conformance;
    let session: SiteSession;
    let choice: BootChoice;
    let keyName: string;
    let server: Server | undefined;
    let floatingIpId: string | undefined;

    beforeAll(async () => {
      c = use();
      session = await c.session();
      choice = await bootChoice(session);
      keyName = c.name('vm-key');
      await createKeypair(session.client, {
        name: keyName,
        public_key: sshPublicKey('vm@fedcloud'),
      });
    });

    afterAll(async () => {
      if (!session) return;
      if (floatingIpId) await deleteFloatingIp(session.client, floatingIpId).catch(() => undefined);
      if (server) {
        await deleteServer(session.client, server.id).catch(() => undefined);
        await waitForServerGone(session, server.id).catch(() => undefined);
      }
      if (keyName) await deleteKeypair(session.client, keyName).catch(() => undefined);
    });

    const booted = (): Server => {
      if (!server) throw new Error('no server was booted');
      return server;
    };

    it('boots a server with user data and a key pair on the project network to ACTIVE', async () => {
      const created = await createServer(session.client, {
        name: c.name('vm'),
        flavorRef: choice.flavor.id,
        imageRef: choice.image.id,
        networks: [{ uuid: choice.network.id }],
        key_name: keyName,
        user_data: Buffer.from(USER_DATA).toString('base64'),
        metadata: { purpose: 'conformance' },
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.adminPass).toEqual(expect.any(String));
      server = await waitForServer(session, created.id, ['ACTIVE']);
      expect(server.status).toBe('ACTIVE');
    });

    it('shows it with its key, metadata and fixed address, and its user data to an admin', async () => {
      const shown = await getServer(session.client, booted().id);
      expect(shown).toMatchObject({
        name: c.name('vm'),
        key_name: keyName,
        metadata: { purpose: 'conformance' },
        tenant_id: session.projectId,
        user_id: session.auth.userId,
      });
      const addresses = shown.addresses?.[choice.network.name] ?? [];
      expect(addresses[0]).toMatchObject({ version: 4, 'OS-EXT-IPS:type': 'fixed' });
      const listed = await listServers(session.client, { name: c.name('vm') });
      expect(listed.map((s) => s.id)).toEqual([booted().id]);

      // Created at 2.1, before servers had descriptions: Nova stored the name as one.
      const described = await session.client.request<{ server: Record<string, unknown> }>(
        'compute',
        `/servers/${booted().id}`,
        { microversion: '2.19' },
      );
      expect(described.data.server.description).toBe(c.name('vm'));

      const admin = await c.target.admin.client();
      const asAdmin = await admin.request<{ server: Record<string, unknown> }>(
        'compute',
        `/servers/${booted().id}`,
        { microversion: '2.3' },
      );
      const userData = asAdmin.data.server['OS-EXT-SRV-ATTR:user_data'];
      expect(Buffer.from(String(userData), 'base64').toString()).toBe(USER_DATA);
    });

    it('stops, starts and reboots it', async () => {
      const id = booted().id;
      await serverAction(session.client, id, 'stop');
      expect((await waitForServer(session, id, ['SHUTOFF'])).status).toBe('SHUTOFF');
      const conflict = await rejection(serverAction(session.client, id, 'stop'));
      expect(conflict).toMatchObject({ status: 409, fault: 'conflictingRequest' });
      await serverAction(session.client, id, 'start');
      expect((await waitForServer(session, id, ['ACTIVE'])).status).toBe('ACTIVE');
      await serverAction(session.client, id, 'reboot');
      expect((await waitForServer(session, id, ['ACTIVE'])).status).toBe('ACTIVE');
    });

    it("associates a floating IP with the server's port and releases it", async () => {
      const ports = await listPorts(session.client, { device_id: booted().id });
      expect(ports).toHaveLength(1);
      const port = ports[0]!;
      expect(port.network_id).toBe(choice.network.id);
      const fixed = port.fixed_ips?.[0]?.ip_address;
      const interfaces = await session.client.request<{
        interfaceAttachments: {
          port_id: string;
          fixed_ips: { subnet_id: string; ip_address: string }[];
        }[];
      }>('compute', `/servers/${booted().id}/os-interface`);
      expect(interfaces.data.interfaceAttachments).toEqual([
        expect.objectContaining({ port_id: port.id, fixed_ips: port.fixed_ips }),
      ]);
      const ip = await createFloatingIp(session.client, {
        floating_network_id: choice.external.id,
        description: c.name('fip'),
      });
      floatingIpId = ip.id;
      expect(ip).toMatchObject({ port_id: null, fixed_ip_address: null });
      expect(ip.floating_ip_address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      const associated = await updateFloatingIp(session.client, ip.id, { port_id: port.id });
      expect(associated).toMatchObject({ port_id: port.id, fixed_ip_address: fixed });
      expect(associated.router_id).toEqual(expect.any(String));
      const released = await updateFloatingIp(session.client, ip.id, { port_id: null });
      expect(released).toMatchObject({ port_id: null, fixed_ip_address: null });
      await deleteFloatingIp(session.client, ip.id);
      floatingIpId = undefined;
      const left = await listFloatingIps(session.client);
      expect(left.map((f) => f.id)).not.toContain(ip.id);
    });

    it('deletes it', async () => {
      const id = booted().id;
      await deleteServer(session.client, id);
      await waitForServerGone(session, id);
      server = undefined;
      expect(await rejection(getServer(session.client, id))).toMatchObject({ status: 404 });
    });
  });

  describe('quotas and limits', () => {
    it('absolute limits give maxima and usage', async () => {
      const { client } = await use().session();
      const { absolute } = await getLimits(client);
      for (const key of [
        'maxTotalInstances',
        'maxTotalCores',
        'maxTotalRAMSize',
        'maxTotalKeypairs',
      ]) {
        expect(absolute[key], key).toBeGreaterThanOrEqual(1);
      }
      for (const key of ['totalInstancesUsed', 'totalCoresUsed', 'totalRAMUsed']) {
        expect(absolute[key], key).toBeGreaterThanOrEqual(0);
      }
    });

    it("the project's compute quota set has a limit and usage per resource", async () => {
      const { client, projectId } = await use().session();
      const quotas = await getComputeQuotas(client);
      expect(quotas.id).toBe(projectId);
      for (const key of ['instances', 'cores', 'ram', 'key_pairs'] as const) {
        expect(quotas[key]?.limit, key).toBeGreaterThanOrEqual(1);
        expect(quotas[key]?.in_use, key).toBeGreaterThanOrEqual(0);
      }
    });
  });

  describe('microversions', () => {
    it('the compute version document gives the supported range', async () => {
      const { client } = await use().session();
      const response = await client.request<{
        version: { id: string; status: string; min_version: string; version: string };
      }>('compute', '/');
      const { version } = response.data;
      expect(version).toMatchObject({ id: 'v2.1', status: 'CURRENT', min_version: '2.1' });
      const [major, minor] = version.version.split('.').map(Number);
      expect(major).toBe(2);
      expect(minor).toBeGreaterThanOrEqual(47);
    });

    it('echoes the requested microversion; from 2.47 a server embeds its flavor', async () => {
      const c = use();
      const session = await c.session();
      const choice = await bootChoice(session);
      const legacy = await session.client.request('compute', '/flavors', { microversion: '2.1' });
      expect(legacy.headers.get('openstack-api-version')).toBe('compute 2.1');
      expect(legacy.headers.get('x-openstack-nova-api-version')).toBe('2.1');
      const created = await createServer(session.client, {
        name: c.name('mv-vm'),
        flavorRef: choice.flavor.id,
        imageRef: choice.image.id,
        networks: 'none',
      });
      try {
        const old = await session.client.request<{ server: Server }>(
          'compute',
          `/servers/${created.id}`,
          { microversion: '2.46' },
        );
        expect(old.data.server.flavor).toMatchObject({ id: choice.flavor.id });
        const embedded = await session.client.request<{ server: Server }>(
          'compute',
          `/servers/${created.id}`,
          { microversion: '2.47' },
        );
        expect(embedded.headers.get('openstack-api-version')).toBe('compute 2.47');
        expect(embedded.data.server.flavor).toMatchObject({
          original_name: choice.flavor.name,
          vcpus: choice.flavor.vcpus,
          ram: choice.flavor.ram,
        });
        expect(embedded.data.server.flavor).not.toHaveProperty('id');
        // Created at 2.37 (networks "none") without one: descriptions exist since 2.19.
        expect((embedded.data.server as Record<string, unknown>).description).toBeNull();
      } finally {
        await deleteServer(session.client, created.id);
        await waitForServerGone(session, created.id);
      }
    });

    it('refuses an unsupported microversion with 406', async () => {
      const { client } = await use().session();
      const error = await rejection(
        client.request('compute', '/flavors', { microversion: '2.999' }),
      );
      expect(error).toMatchObject({ status: 406 });
      expect(String(error.message)).toContain('Version 2.999 is not supported by the API.');
    });
  });
}
