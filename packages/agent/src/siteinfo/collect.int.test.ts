import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createClient,
  createServer,
  listFlavors,
  listImages,
  listNetworks,
  loginWithFederation,
  loginWithPassword,
  scopeToProject,
  type Transport,
} from '@fedcloud/openstack';
import { createTokenProvider } from '@fedcloud/sdk';
import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditorCloud } from '../cli/clouds-yaml.js';
import { isAgentError } from '../errors.js';
import { startInfoAgent } from '../info-agent.js';
import { collectSiteInfo } from './collect-site-info.js';

/** Collection against real (emulated) OpenStack sites over HTTPS, as the agent user. */
describe('collectSiteInfo against sandbox sites', () => {
  let sandbox: EphemeralSandbox;
  let transport: Transport;

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ sites: 3 });
    transport = { fetch: sandbox.fetch, timeoutMs: 20_000 };
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  const siteFile = (name: string) => join(sandbox.files.sitesDir, `${name}.yaml`);
  const common = () => ({ fetch: sandbox.fetch, caFile: sandbox.files.caFile! });

  /** What the agent user itself sees in one VO project, listed independently of the agent. */
  async function seenBy(siteName: string, projectId: string) {
    const site = sandbox.site(siteName);
    const auth = await loginWithPassword(transport, {
      authUrl: site.identityUrl,
      username: site.agent.username,
      password: site.agent.password,
      projectId,
    });
    const client = createClient({ transport, auth });
    return {
      images: await listImages(client, { status: 'active' }),
      flavors: await listFlavors(client, { is_public: 'None' }),
    };
  }

  it('publishes every VO project of the site with its images, flavors and VMs', async () => {
    const alpha = sandbox.site('SANDBOX-ALPHA');
    // One VM of alice in vo.access.egi.eu: still BUILDing, which the provider counts as running.
    const vo = alpha.vos.find((v) => v.vo === 'vo.access.egi.eu')!;
    const unscoped = await loginWithFederation(transport, {
      authUrl: alpha.identityUrl,
      identityProvider: 'egi.eu',
      protocol: 'openid',
      accessToken: await sandbox.tokenFor('alice'),
    });
    const alice = createClient({
      transport,
      auth: await scopeToProject(transport, unscoped, vo.projectId),
    });
    const [image] = await listImages(alice, { status: 'active' });
    const [network] = await listNetworks(alice, { 'router:external': false });
    const flavor = (await listFlavors(alice)).find((f) => f.name === 'm1.small')!;
    await createServer(alice, {
      name: 'counted',
      imageRef: image!.id,
      flavorRef: flavor.id,
      networks: [{ uuid: network!.id }],
    });

    const result = await collectSiteInfo({
      ...common(),
      siteFile: siteFile(alpha.name),
      keystone: alpha.agent,
    });
    expect(result.siteName).toBe('SANDBOX-ALPHA');
    expect(glue21DocumentSchema.safeParse(result.document).success).toBe(true);
    const doc = glue21DocumentSchema.parse(result.document);
    const endpoint = `${alpha.identityUrl}/`; // as the catch-all YAML writes it

    expect(doc.Share.map((s) => s.ProjectID).sort()).toEqual(
      alpha.vos.map((v) => v.projectId).sort(),
    );
    for (const share of alpha.vos) {
      const id = `${endpoint}_OpenStack_v3_share_${share.vo}_${share.projectId}`;
      const seen = await seenBy(alpha.name, share.projectId);
      const images = doc.CloudComputingImage.filter((i) => i.Associations?.['Share']?.[0] === id);
      const flavors = doc.CloudComputingInstanceType.filter(
        (f) => f.Associations?.['Share']?.[0] === id,
      );
      expect(images.map((i) => i.ID).sort()).toEqual(seen.images.map((i) => i.id).sort());
      expect(flavors.map((f) => f.ID).sort()).toEqual(seen.flavors.map((f) => f.id).sort());
      expect(doc.MappingPolicy).toContainEqual(
        expect.objectContaining({
          ID: `${id}_Policy`,
          Associations: { Share: [id], PolicyUserDomain: [share.vo] },
        }),
      );
      const published = doc.Share.find((s) => s.ID === id)!;
      expect(published.OtherInfo).toMatchObject({
        project_name: share.projectName,
        project_domain_name: 'Default',
        quotas: expect.objectContaining({ instances: 10, cores: 20, ram: 51200 }) as unknown,
      });
      expect(published.MaxVM).toBe(10);
    }
    const access = doc.Share.find((s) => s.ProjectID === vo.projectId)!;
    expect(access).toMatchObject({ TotalVM: 1, RunningVM: 1, HaltedVM: 0, SuspendedVM: 0 });
    expect(doc.CloudComputingService[0]).toMatchObject({
      ID: `${endpoint}_cloud.compute`,
      Complexity: `endpointType=1,share=${alpha.vos.length}`,
      TotalVM: 1,
    });

    // The sandbox's EGI images carry properties; the GPU flavor of ALPHA gives an accelerator.
    expect(doc.CloudComputingImage[0]).toMatchObject({ OSName: 'ubuntu', OSPlatform: 'x86_64' });
    expect(doc.CloudComputingVirtualAccelerator).toContainEqual(
      expect.objectContaining({ Name: 'g1.large-v100_gpu', Number: 1, Vendor: 'nvidia' }),
    );

    const [ept] = doc.CloudComputingEndpoint;
    expect(ept).toMatchObject({
      ID: `${endpoint}_OpenStack_v3`,
      URL: endpoint,
      HealthState: 'ok',
      InterfaceVersion: '2.0',
      ImplementationVersion: expect.stringMatching(/^2\.\d+$/) as unknown,
      TrustedCA: [],
    });
    expect(ept!.IssuerCA).toMatch(/^\/.*CN=/);
    // No hub: the GOCDB id cannot be looked up.
    expect(doc.CloudComputingService[0]).not.toHaveProperty('OtherInfo');
    expect(result.warnings).toContain(
      'gocdb_id left out: no hub configured to look the site up in GOCDB',
    );
  });

  it('asks for each flavor’s extra specs once a cycle, however many VOs see it', async () => {
    const beta = sandbox.site('SANDBOX-BETA');
    const specCalls: string[] = [];
    const counting = ((input: string | URL | Request, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/os-extra_specs')) specCalls.push(url);
      return sandbox.fetch(input, init);
    }) as typeof fetch;
    const result = await collectSiteInfo({
      ...common(),
      fetch: counting,
      siteFile: siteFile(beta.name),
      keystone: beta.agent,
    });
    const distinct = new Set<string>();
    let seenTotal = 0;
    for (const share of beta.vos) {
      const { flavors } = await seenBy(beta.name, share.projectId);
      for (const flavor of flavors) distinct.add(flavor.id);
      seenTotal += flavors.length;
    }
    // Several VOs share the public flavors: one call a flavor, not one a flavor and VO.
    expect(beta.vos.length).toBeGreaterThan(1);
    expect(seenTotal).toBeGreaterThan(distinct.size);
    expect(specCalls).toHaveLength(distinct.size);
    expect(new Set(specCalls).size).toBe(distinct.size);
    // Every share still lists all of its flavors.
    const doc = glue21DocumentSchema.parse(result.document);
    expect(doc.CloudComputingInstanceType).toHaveLength(seenTotal);
  });

  it('reports a VO whose project cannot be read and leaves it out, or fails with exitOnShareErrors', async () => {
    const beta = sandbox.site('SANDBOX-BETA');
    const file = join(sandbox.files.dataDir, 'beta-broken.yaml');
    const yaml = parse(readFileSync(siteFile(beta.name), 'utf8')) as {
      vos: { name: string; auth: { project_id: string } }[];
    };
    yaml.vos.push({ name: 'fedcloud.egi.eu', auth: { project_id: 'f'.repeat(32) } });
    writeFileSync(file, stringify(yaml));

    const result = await collectSiteInfo({ ...common(), siteFile: file, keystone: beta.agent });
    expect(result.shares.filter((s) => !s.ok).map((s) => s.vo)).toEqual(['fedcloud.egi.eu']);
    expect(result.document.Share?.map((s) => s.ProjectID)).toEqual(
      beta.vos.map((v) => v.projectId),
    );
    expect(result.document.CloudComputingEndpoint?.[0]).toMatchObject({ HealthState: 'warning' });
    expect(result.warnings.some((w) => w.startsWith('VO fedcloud.egi.eu (project ffff'))).toBe(
      true,
    );

    const error = await collectSiteInfo({
      ...common(),
      siteFile: file,
      keystone: beta.agent,
      exitOnShareErrors: true,
    }).catch((e: unknown) => e);
    expect(isAgentError(error) && error.code).toBe('SHARE_FAILED');
    expect((error as Error).message).toMatch(/^SANDBOX-BETA: VO fedcloud\.egi\.eu: /);
  });

  it('builds no document when the password is wrong (nothing read), never echoing it', async () => {
    const gamma = sandbox.site('SANDBOX-GAMMA');
    const error = await collectSiteInfo({
      ...common(),
      siteFile: siteFile(gamma.name),
      keystone: { ...gamma.agent, password: 'wrong-password-123' },
    }).catch((e: unknown) => e);
    expect(isAgentError(error) && error.code).toBe('SITE_UNREADABLE');
    expect((error as Error).message).toMatch(/^SANDBOX-GAMMA: no VO project could be read: /);
    expect((error as Error).message).toContain('401');
    expect(JSON.stringify(error)).not.toContain('wrong-password-123');
    expect((error as Error).message).not.toContain('wrong-password-123');
  });

  it('publishes auditor_role: true for an account that may list users, false (warned) for one that may not', async () => {
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const admin = auditorCloud('sandbox-alpha-admin', [sandbox.files.cloudsYaml]);
    const reader = {
      ...admin,
      name: 'agent',
      username: alpha.agent.username,
      password: alpha.agent.password,
      project: { id: alpha.vos[0]!.projectId },
    };
    const endpointOf = async (cloud: typeof admin) => {
      const result = await collectSiteInfo({
        ...common(),
        siteFile: siteFile(alpha.name),
        keystone: alpha.agent,
        auditorCloud: cloud,
      });
      return { endpoint: result.document.CloudComputingEndpoint?.[0], warnings: result.warnings };
    };
    const yes = await endpointOf(admin);
    // The site file's region rides along in the same OtherInfo.
    expect(yes.endpoint?.OtherInfo).toEqual({
      auditor_role: true,
      region: alpha.context.spec.region,
    });
    const no = await endpointOf(reader);
    expect(no.endpoint?.OtherInfo).toEqual({
      auditor_role: false,
      region: alpha.context.spec.region,
    });
    expect(no.warnings.join('\n')).toMatch(
      /auditor role check with cloud agent: not able to list users: .*403/,
    );
    expect(JSON.stringify(no)).not.toContain(alpha.agent.password);
  });

  it('logs in with an OIDC token through OS-FEDERATION instead of a password', async () => {
    // alice is in vo.access.egi.eu and training.egi.eu, not in fedcloud.egi.eu.
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const tokens = createTokenProvider(
      { accessToken: await sandbox.tokenFor('alice') },
      { transport },
    );
    const result = await collectSiteInfo({
      ...common(),
      siteFile: siteFile(alpha.name),
      keystone: { tokens },
      authentication: 'v3oidcaccesstoken',
    });
    expect(result.shares.map((s) => [s.vo, s.ok])).toEqual([
      ['vo.access.egi.eu', true],
      ['training.egi.eu', true],
      ['fedcloud.egi.eu', false],
    ]);
    expect(result.document.CloudComputingEndpoint?.[0]).toMatchObject({
      Authentication: 'v3oidcaccesstoken',
      HealthState: 'warning',
    });
  });

  it('rejects an invalid site file with a clear error', async () => {
    const file = join(sandbox.files.dataDir, 'invalid.yaml');
    writeFileSync(file, 'gocdb: X\nendpoint: not-a-url\n');
    const error = await collectSiteInfo({
      ...common(),
      siteFile: file,
      keystone: sandbox.sites[0]!.agent,
    }).catch((e: unknown) => e);
    expect(isAgentError(error) && error.code).toBe('SITE_FILE_INVALID');
    expect((error as Error).message).toContain(
      'invalid.yaml:2:11: endpoint must be an http(s) URL',
    );
  });

  it('re-reads the site file at every cycle: a VO added to the site shows up in the next one', async () => {
    const gamma = sandbox.site('SANDBOX-GAMMA');
    const agent = startInfoAgent({
      ...common(),
      siteFile: siteFile(gamma.name),
      keystone: gamma.agent,
    });
    try {
      const first = await agent.runNow();
      expect(first.ok).toBe(true);
      expect(first.shares.map((s) => s.vo)).toEqual(gamma.vos.map((v) => v.vo));
      const added = await sandbox.addVo(gamma.name, 'training.egi.eu');
      const second = await agent.runNow();
      expect(second.ok).toBe(true);
      expect(second.shares).toContainEqual(
        expect.objectContaining({ vo: 'training.egi.eu', projectId: added.projectId, ok: true }),
      );
      expect(second.document?.MappingPolicy?.map((p) => p.Rule[0])).toContain('VO:training.egi.eu');
    } finally {
      await agent.stop();
    }
  });
});
