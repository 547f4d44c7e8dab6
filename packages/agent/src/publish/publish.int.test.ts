import { join } from 'node:path';
import { startHub, type RunningHub } from '@fedcloud/hub';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAgentError } from '../errors.js';
import { startInfoAgent, type InfoAgent } from '../info-agent.js';
import { clientCredentialsTokenSource } from './hub-token.js';
import { publishSiteInfo } from './publish-site-info.js';

const SITE = 'SANDBOX-GAMMA';

/**
 * The whole information flow: a sandbox site, the hub on SQLite trusting the sandbox issuer, the
 * site registered by the hub admin client, and the site's agent publishing with its own client.
 */
describe('publishing to a real hub', () => {
  let sandbox: EphemeralSandbox;
  let hub: RunningHub;
  let agent: InfoAgent;
  let endpointKey: string;

  async function admin(method: string, path: string, body?: unknown) {
    const tokens = clientCredentialsTokenSource({
      issuerUrl: sandbox.issuerUrl,
      ...sandbox.hubAdminClient,
      fetch: sandbox.fetch,
    });
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokens.getToken()}`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }

  async function getJson(path: string): Promise<unknown> {
    const response = await fetch(`${hub.url}${path}`);
    expect(response.status, `${path}: ${response.status}`).toBe(200);
    return response.json();
  }

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ sites: 3 });
    hub = await startHub({
      database: join(sandbox.files.dataDir, 'hub.db'),
      issuerUrl: sandbox.issuerUrl,
      port: 0,
      admins: [sandbox.hubAdminClient.clientId],
      fetch: sandbox.fetch,
      dashboardDir: false,
    });
    const site = sandbox.site(SITE);
    await admin('POST', '/api/v1/sites', { name: SITE, country: 'Slovakia', countryCode: 'SK' });
    const endpoint = await admin('POST', `/api/v1/sites/${SITE}/endpoints`, {
      serviceType: 'org.openstack.nova',
      url: site.identityUrl,
    });
    endpointKey = String(endpoint['primaryKey']);
    await admin('POST', '/api/v1/roles', {
      subject: site.agent.clientId,
      role: 'site-agent',
      target: SITE,
    });
    agent = startInfoAgent({
      siteFile: join(sandbox.files.sitesDir, `${SITE}.yaml`),
      keystone: site.agent,
      hub: {
        url: hub.url,
        issuerUrl: sandbox.issuerUrl,
        clientId: site.agent.clientId,
        clientSecret: site.agent.clientSecret,
      },
      fetch: sandbox.fetch,
      caFile: sandbox.files.caFile!,
    });
  });
  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await sandbox?.cleanup();
  });

  it('publishes the site document, found in GOCDB, and the hub serves its images', async () => {
    const result = await agent.runNow();
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.published?.status).toBe(201);
    // The hub's GOCDB API knows the endpoint, so no warning and the service carries its id.
    expect(result.warnings).toEqual([]);
    expect(result.document?.CloudComputingService?.[0]?.OtherInfo).toEqual({
      gocdb_id: endpointKey,
      site_name: SITE,
    });

    const stored = (await getJson(`/api/v1/sites/${SITE}/info`)) as Record<string, unknown>;
    expect(stored).toEqual(JSON.parse(JSON.stringify(result.document)));

    const vo = sandbox.site(SITE).vos.find((v) => v.vo === 'vo.access.egi.eu')!;
    const shareId = result.document?.Share?.find((s) => s.ProjectID === vo.projectId)?.ID;
    const published = result.document?.CloudComputingImage?.filter(
      (i) => i.Associations?.['Share']?.[0] === shareId,
    );
    const images = (await getJson(
      `/site/${SITE}/vo.access.egi.eu/images?only_egi_images=false`,
    )) as { id: string; vo: string }[];
    expect(images.map((i) => i.id).sort()).toEqual(published?.map((i) => i.ID).sort());
    expect(new Set(images.map((i) => i.vo))).toEqual(new Set(['vo.access.egi.eu']));
  });

  it('shows a VO added to the site after the next cycle', async () => {
    const before = (await getJson('/sites/?vo_name=training.egi.eu')) as { name: string }[];
    expect(before.map((s) => s.name)).not.toContain(SITE);
    const added = await sandbox.addVo(SITE, 'training.egi.eu');
    const result = await agent.runNow();
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]); // the GOCDB lookup works on every cycle, not just the first
    expect(result.shares).toContainEqual(
      expect.objectContaining({ vo: 'training.egi.eu', projectId: added.projectId, ok: true }),
    );
    const after = (await getJson('/sites/?vo_name=training.egi.eu')) as { name: string }[];
    expect(after.map((s) => s.name)).toContain(SITE);
    const project = (await getJson(`/site/${SITE}/training.egi.eu/project`)) as { id: string };
    expect(project.id).toBe(added.projectId);
  });

  it('is refused, without retries, when the client may not publish for the site', async () => {
    const other = sandbox.site('SANDBOX-ALPHA').agent; // no site-agent grant for GAMMA
    const error = await publishSiteInfo({
      hub: {
        url: hub.url,
        issuerUrl: sandbox.issuerUrl,
        clientId: other.clientId,
        clientSecret: other.clientSecret,
        retry: { attempts: 3, baseDelayMs: 10_000 }, // a retry would time the test out
      },
      siteName: SITE,
      document: (await agent.runNow()).document!,
      fetch: sandbox.fetch,
    }).catch((e: unknown) => e);
    expect(isAgentError(error) && error.code).toBe('PUBLISH_REJECTED');
    expect((error as Error).message).toMatch(
      /^the hub refused the document for SANDBOX-GAMMA \(HTTP 403\): FORBIDDEN: /,
    );
  });

  it('tells the operator when the site is not registered in the hub', async () => {
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const lonely = startInfoAgent({
      siteFile: join(sandbox.files.sitesDir, 'SANDBOX-ALPHA.yaml'),
      keystone: alpha.agent,
      hub: {
        url: hub.url,
        issuerUrl: sandbox.issuerUrl,
        clientId: sandbox.hubAdminClient.clientId, // an admin may publish anywhere
        clientSecret: sandbox.hubAdminClient.clientSecret,
      },
      fetch: sandbox.fetch,
    });
    try {
      const result = await lonely.runNow();
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('PUBLISH_REJECTED');
      expect(result.error?.message).toContain('site SANDBOX-ALPHA is not registered in this hub');
      expect(result.warnings).toContain(
        `gocdb_id left out: no org.openstack.nova service of SANDBOX-ALPHA in GOCDB has URL ${alpha.identityUrl}/`,
      );
    } finally {
      await lonely.stop();
    }
  });
});
