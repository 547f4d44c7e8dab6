import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import {
  createClient,
  createServer,
  createVolume,
  deleteImage,
  deleteServer,
  deleteVolume,
  downloadImageData,
  getImage,
  getServer,
  listAuthProjects,
  listFlavors,
  listImages,
  listNetworks,
  listVolumes,
  loginWithFederation,
  loginWithPassword,
  OpenStackError,
  scopeToProject,
  type Transport,
  createImage,
  uploadImageData,
} from '@fedcloud/openstack';
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from './helpers.js';

/** Our own REST client against our own emulated sites, over real HTTPS with the sandbox CA. */
describe('@fedcloud/openstack against a sandbox site', () => {
  let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
  let transport: Transport;
  let dispatcher: Agent;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ sites: 2 });
    dispatcher = new Agent({ connect: { ca: readFileSync(sandbox.files.caFile!, 'utf8') } });
    transport = { dispatcher, timeoutMs: 10_000 };
  });
  afterAll(async () => {
    await dispatcher?.close();
    await sandbox?.cleanup();
  });

  async function aliceClient(siteName: string, vo: string) {
    const site = sandbox.site(siteName);
    const unscoped = await loginWithFederation(transport, {
      authUrl: site.identityUrl,
      identityProvider: 'egi.eu',
      protocol: 'openid',
      accessToken: await sandbox.tokenFor('alice'),
    });
    const projects = await listAuthProjects(transport, unscoped);
    const wanted = site.vos.find((v) => v.vo === vo)!;
    expect(projects.map((p) => p.id)).toContain(wanted.projectId);
    return createClient({
      transport,
      auth: await scopeToProject(transport, unscoped, wanted.projectId),
    });
  }

  it('boots, shows and deletes a server through the federated login', async () => {
    const client = await aliceClient('SANDBOX-BETA', 'vo.access.egi.eu');
    const [image] = await listImages(client, { status: 'active' });
    const flavor = (await listFlavors(client)).find((f) => f.name === 'm1.small')!;
    const [network] = await listNetworks(client, { 'router:external': false });
    const created = await createServer(client, {
      name: 'client-vm',
      imageRef: image!.id,
      flavorRef: flavor.id,
      networks: [{ uuid: network!.id }],
      user_data: Buffer.from('#cloud-config\n').toString('base64'),
    });
    let server = await getServer(client, created.id);
    for (let i = 0; server.status === 'BUILD' && i < 20; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      server = await getServer(client, created.id);
    }
    expect(server.status).toBe('ACTIVE');
    await deleteServer(client, created.id);
    const error = await getServer(client, created.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenStackError);
    expect(error).toMatchObject({ code: 'HTTP_NOT_FOUND', status: 404 });
    expect((error as Error).message).toContain(`Instance ${created.id} could not be found.`);
    expect(inspect(error) + JSON.stringify(error)).not.toContain(client.auth.token);
  });

  it('uploads a 3 MiB image as a stream and downloads the same bytes', async () => {
    const client = await aliceClient('SANDBOX-ALPHA', 'training.egi.eu');
    const bytes = randomBytes(3 * 2 ** 20);
    const image = await createImage(client, {
      name: 'streamed',
      disk_format: 'raw',
      container_format: 'bare',
    });
    const chunks = Array.from({ length: 12 }, (_, i) =>
      bytes.subarray(i * 262_144, (i + 1) * 262_144),
    );
    await uploadImageData(client, image.id, Readable.from(chunks));
    const active = await getImage(client, image.id);
    expect(active).toMatchObject({ status: 'active', size: bytes.length, os_hash_algo: 'sha512' });
    expect(active.os_hash_value).toBe(createHash('sha512').update(bytes).digest('hex'));
    const back = Buffer.from(
      await new Response(await downloadImageData(client, image.id)).arrayBuffer(),
    );
    expect(back.equals(bytes)).toBe(true);
    await deleteImage(client, image.id);
  });

  it('follows Glance pagination and creates volumes', async () => {
    const client = await aliceClient('SANDBOX-ALPHA', 'vo.access.egi.eu');
    const all = await listImages(client);
    const paged = await listImages(client, { limit: 1 });
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
    const volume = await createVolume(client, { size: 1, name: 'scratch' });
    expect((await listVolumes(client)).map((v) => v.id)).toContain(volume.id);
    await deleteVolume(client, volume.id);
  });

  it('logs the site admin in with a password and reports a wrong one as KEYSTONE_AUTH_FAILED', async () => {
    const site = sandbox.site('SANDBOX-ALPHA');
    const auth = await loginWithPassword(transport, {
      authUrl: site.identityUrl,
      username: 'admin',
      password: site.context.spec.adminPassword,
      userDomainName: 'Default',
      projectName: 'admin',
      projectDomainName: 'Default',
    });
    expect(auth.projectId).toBe(site.context.spec.adminProjectId);
    const wrong = await loginWithPassword(transport, {
      authUrl: site.identityUrl,
      username: 'admin',
      password: 'not-the-password',
      userDomainName: 'Default',
      projectName: 'admin',
      projectDomainName: 'Default',
    }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED', status: 401 });
    expect(String(wrong)).not.toContain('not-the-password');
  });
});
