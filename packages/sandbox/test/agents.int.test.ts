import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createClient,
  getComputeQuotas,
  listNetworks,
  loginWithFederation,
  loginWithPassword,
  scopeToProject,
  type Transport,
} from '@fedcloud/openstack';
import { decodeJwt } from 'jose';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/sandbox.js';
import { startTestSandbox } from './helpers.js';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

async function clientCredentials(sandbox: TestSandbox, clientId: string, clientSecret: string) {
  const response = await sandbox.fetch(sandbox.issuer.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('sandbox agents: service user, machine clients and VOs added at run time', () => {
  let sandbox: TestSandbox;
  let transport: Transport;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    transport = { fetch: sandbox.fetch, timeoutMs: 20_000 };
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  function agentLogin(siteName: string, projectId: string) {
    const site = sandbox.site(siteName);
    return loginWithPassword(transport, {
      authUrl: site.identityUrl,
      username: site.agent.username,
      password: site.agent.password,
      userDomainName: site.agent.userDomainName,
      projectId,
    });
  }

  async function federatedScope(user: string, siteName: string, projectId: string) {
    const site = sandbox.site(siteName);
    const unscoped = await loginWithFederation(transport, {
      authUrl: site.identityUrl,
      identityProvider: 'egi.eu',
      protocol: 'openid',
      accessToken: await sandbox.tokenFor(user),
    });
    return scopeToProject(transport, unscoped, projectId);
  }

  it('gives every site a fedcloud-agent member on the images and VO projects, and nothing more', async () => {
    for (const site of sandbox.sites) {
      expect(site.agent).toMatchObject({ username: 'fedcloud-agent', userDomainName: 'Default' });
      // member: the image sync creates images and accepts them in each VO project.
      for (const projectId of [site.imagesProjectId, ...site.vos.map((vo) => vo.projectId)]) {
        const auth = await agentLogin(site.name, projectId);
        expect(auth.projectId).toBe(projectId);
        expect([...(auth.roles ?? [])].sort()).toEqual(['member', 'reader']);
      }
      await expect(agentLogin(site.name, site.context.spec.adminProjectId)).rejects.toMatchObject({
        status: 401,
      });
    }
    const alpha = sandbox.site('SANDBOX-ALPHA');
    await expect(
      loginWithPassword(transport, {
        authUrl: alpha.identityUrl,
        username: 'fedcloud-agent',
        password: 'wrong-password',
        projectId: alpha.vos[0]!.projectId,
      }),
    ).rejects.toMatchObject({ status: 401 });
    // Per-site passwords: one site's agent password opens no other site.
    expect(new Set(sandbox.sites.map((s) => s.agent.password)).size).toBe(sandbox.sites.length);
  });

  it('registers a machine client per site and one for the hub admin', async () => {
    const clients = [
      ...sandbox.sites.map((s) => ({
        clientId: s.agent.clientId,
        clientSecret: s.agent.clientSecret,
      })),
      sandbox.hubAdminClient,
    ];
    expect(clients.map((c) => c.clientId)).toEqual([
      'agent-sandbox-alpha',
      'agent-sandbox-beta',
      'agent-sandbox-gamma',
      'fedcloud-hub-admin',
    ]);
    for (const client of clients) {
      const ok = await clientCredentials(sandbox, client.clientId, client.clientSecret);
      expect(ok.status).toBe(200);
      expect(decodeJwt(ok.body['access_token']!)).toMatchObject({
        sub: client.clientId,
        iss: sandbox.issuerUrl,
      });
    }
    const bad = await clientCredentials(sandbox, 'agent-sandbox-alpha', 'not-the-secret');
    expect(bad.status).toBe(401);
    expect(bad.body['error']).toBe('invalid_client');
  });

  it('writes agents.json with mode 0600', () => {
    const file = join(sandbox.files.dataDir, 'agents.json');
    expect(sandbox.files.agentsFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const content = JSON.parse(readFileSync(file, 'utf8')) as {
      issuer: string;
      hubAdmin: { clientId: string; clientSecret: string };
      sites: { site: string; identityUrl: string; clientId: string; password: string }[];
    };
    expect(content.issuer).toBe(sandbox.issuerUrl);
    expect(content.hubAdmin).toEqual(sandbox.hubAdminClient);
    expect(content.sites.map((s) => s.site)).toEqual(sandbox.sites.map((s) => s.name));
    expect(content.sites[0]).toMatchObject({
      identityUrl: sandbox.sites[0]!.identityUrl,
      ...sandbox.sites[0]!.agent,
    });
  });

  it('adds a VO at run time: project, YAML entry, member and agent access', async () => {
    const gamma = sandbox.site('SANDBOX-GAMMA');
    expect(gamma.vos.map((v) => v.vo)).not.toContain('training.egi.eu');
    const added = await sandbox.addVo('SANDBOX-GAMMA', 'training.egi.eu');
    expect(added.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(added.projectName).toBe('EGI_training');
    expect(gamma.vos.at(-1)).toEqual({ vo: 'training.egi.eu', ...added });

    const yaml = parse(
      readFileSync(join(sandbox.files.sitesDir, 'SANDBOX-GAMMA.yaml'), 'utf8'),
    ) as { vos: { name: string; auth: { project_id: string } }[] };
    expect(yaml.vos).toContainEqual({
      name: 'training.egi.eu',
      auth: { project_id: added.projectId },
    });
    expect(yaml.vos).toHaveLength(3);

    // alice is in training.egi.eu; bob is not.
    const alice = await federatedScope('alice', 'SANDBOX-GAMMA', added.projectId);
    expect(alice.projectId).toBe(added.projectId);
    await expect(federatedScope('bob', 'SANDBOX-GAMMA', added.projectId)).rejects.toMatchObject({
      status: 401,
    });
    const client = createClient({ transport, auth: alice });
    const quotas = await getComputeQuotas(client);
    expect(quotas.instances?.limit).toBe(10);
    const networks = await listNetworks(client, { 'router:external': false });
    expect(networks.map((n) => n.name)).toContain('private-net');

    const agent = await agentLogin('SANDBOX-GAMMA', added.projectId);
    expect([...(agent.roles ?? [])].sort()).toEqual(['member', 'reader']);
  });

  it('refuses an unknown site, a VO already there and a malformed name', async () => {
    await expect(sandbox.addVo('SANDBOX-NOPE', 'training.egi.eu')).rejects.toThrow(
      'no site named SANDBOX-NOPE',
    );
    await expect(sandbox.addVo('SANDBOX-ALPHA', 'vo.access.egi.eu')).rejects.toThrow(
      'SANDBOX-ALPHA already supports VO vo.access.egi.eu',
    );
    await expect(sandbox.addVo('SANDBOX-ALPHA', 'no spaces please')).rejects.toThrow(
      /invalid VO name/,
    );
    expect(sandbox.site('SANDBOX-ALPHA').vos).toHaveLength(3);
  });

  it('keeps added VOs and the same secrets across a restart on the same data folder', async () => {
    await sandbox.addVo('SANDBOX-BETA', 'fedcloud.egi.eu');
    const before = sandbox.site('SANDBOX-BETA');
    const { agent, vos } = before;
    const admin = sandbox.hubAdminClient;
    await sandbox.stop();
    const again = await startSandbox({
      ...sandbox.options,
      issuerPort: 0,
      controlPort: 0,
      sitesPort: 0,
    });
    try {
      const beta = again.site('SANDBOX-BETA');
      expect(beta.vos).toEqual(vos);
      expect(beta.agent).toEqual(agent);
      expect(again.hubAdminClient).toEqual(admin);
      expect(again.site('SANDBOX-GAMMA').vos.map((v) => v.vo)).toContain('training.egi.eu');
      const yaml = parse(readFileSync(join(again.files.sitesDir, 'SANDBOX-BETA.yaml'), 'utf8')) as {
        vos: { name: string }[];
      };
      expect(yaml.vos.map((v) => v.name)).toContain('fedcloud.egi.eu');
    } finally {
      await again.stop();
    }
  });
});
