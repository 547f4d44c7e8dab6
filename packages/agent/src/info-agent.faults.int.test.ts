import { join } from 'node:path';
import { startHub, type RunningHub } from '@fedcloud/hub';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientCredentialsTokenSource } from './publish/hub-token.js';
import { startInfoAgent, type InfoAgent, type InfoAgentOptions } from './info-agent.js';

const SITE = 'SANDBOX-ALPHA';

interface HubSite {
  name: string;
  state: string;
  projects: { id: string; name: string }[];
}

/**
 * The agent when its site fails, through a real sandbox site, a real hub and the agent's own
 * client: for each kind of fault, nothing that failed to be read replaces what was read. The hub
 * keeps the last good document and its VOs, shows the site as failing with the reason, and the
 * site stays in cloud-info's list (`state` "unreachable") until a cycle reads it again.
 */
describe('an agent whose site fails', () => {
  let sandbox: EphemeralSandbox;
  let hub: RunningHub;
  let agent: InfoAgent;
  let vos: string[];

  const agentOptions = (overrides: Partial<InfoAgentOptions> = {}): InfoAgentOptions => {
    const site = sandbox.site(SITE);
    return {
      siteFile: join(sandbox.files.sitesDir, `${SITE}.yaml`),
      keystone: site.agent,
      hub: {
        url: hub.url,
        issuerUrl: sandbox.issuerUrl,
        clientId: site.agent.clientId,
        clientSecret: site.agent.clientSecret,
        retry: { attempts: 1 },
      },
      fetch: sandbox.fetch,
      caFile: sandbox.files.caFile!,
      // Past this a slow or hanging site counts as failing (the default is 60 s).
      timeoutMs: 1500,
      stateFile: join(sandbox.files.dataDir, 'agent-state', `${SITE}.json`),
      ...overrides,
    };
  };

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
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  }

  const summary = async () =>
    (await (await fetch(`${hub.url}/api/v1/sites/${SITE}`)).json()) as Record<string, unknown>;
  const currentDocumentId = async () =>
    (await fetch(`${hub.url}/api/v1/sites/${SITE}/info`)).headers.get('x-info-document-id');
  const listed = async (vo?: string) => {
    const query = vo ? `vo_name=${encodeURIComponent(vo)}&` : '';
    const sites = (await (
      await fetch(`${hub.url}/sites/?${query}include_projects=true`)
    ).json()) as HubSite[];
    return sites.find((s) => s.name === SITE);
  };

  /** Keystone admin of the site, for the identity API calls a site operator would make. */
  async function keystoneAdmin(method: string, path: string) {
    const site = sandbox.site(SITE);
    const auth = await sandbox.fetch(`${site.identityUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: {
                name: 'admin',
                domain: { id: 'default' },
                password: site.context.spec.adminPassword,
              },
            },
          },
          scope: { project: { name: 'admin', domain: { id: 'default' } } },
        },
      }),
    });
    expect(auth.status).toBe(201);
    const token = auth.headers.get('x-subject-token')!;
    const response = await sandbox.fetch(`${site.identityUrl}${path}`, {
      method,
      headers: { 'x-auth-token': token },
    });
    return response;
  }

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ sites: 1 });
    hub = await startHub({
      database: join(sandbox.files.dataDir, 'hub.db'),
      issuerUrl: sandbox.issuerUrl,
      port: 0,
      admins: [sandbox.hubAdminClient.clientId],
      fetch: sandbox.fetch,
      dashboardDir: false,
      // A dozen cycles run within seconds here; the rate limit has its own test in the hub.
      info: { historyCount: 100, historyDays: 30, publishesPerMinute: 1000 },
    });
    const site = sandbox.site(SITE);
    vos = site.vos.map((v) => v.vo);
    expect(vos.length).toBeGreaterThan(1);
    await admin('POST', '/api/v1/sites', { name: SITE });
    await admin('POST', `/api/v1/sites/${SITE}/endpoints`, {
      serviceType: 'org.openstack.nova',
      url: site.identityUrl,
    });
    await admin('POST', '/api/v1/roles', {
      subject: site.agent.clientId,
      role: 'site-agent',
      target: SITE,
    });
    agent = startInfoAgent(agentOptions());
  }, 60_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await sandbox?.cleanup();
  });

  beforeEach(async () => {
    await sandbox.setFaults(SITE, {
      down: false,
      hang: false,
      errorRate: 0,
      latencyMs: 0,
      keystoneLatencyMs: 0,
    });
    const good = await agent.runNow();
    expect(good.error).toBeUndefined();
    expect(good.published?.status).toBe(201);
    expect(await summary()).toMatchObject({ status: 'ok', statusReason: null });
  });

  const faults = [
    ['down', { down: true }, /ECONNREFUSED|unreachable|fetch failed/i],
    ['hanging', { hang: true }, /timed? ?out|abort/i],
    ['answering 503', { errorRate: 1 }, /503/],
    ['slower than the timeout', { latencyMs: 4000 }, /timed? ?out|abort/i],
  ] as const;

  it.each(faults)(
    'keeps the last good document of a site that is %s',
    async (_kind, fault, reason) => {
      const before = await currentDocumentId();
      await sandbox.setFaults(SITE, fault);
      const cycle = await agent.runNow();
      expect(cycle.ok).toBe(false);
      expect(cycle.error?.code).toBe('SITE_UNREADABLE');
      expect(cycle.published).toBeUndefined();
      expect(cycle.healthReported?.status).toBe(200);

      expect(await currentDocumentId()).toBe(before);
      const shown = await summary();
      expect(shown).toMatchObject({ status: 'failing', voCount: vos.length });
      expect(String(shown.statusReason)).toMatch(reason);
      expect(shown.failingSince).not.toBeNull();
      const site = await listed(vos[0]);
      expect(site?.state).toBe('unreachable');
      expect(site?.projects.map((p) => p.name).sort()).toEqual([...vos].sort());
    },
    60_000,
  );

  it('keeps the last good document when the agent is refused by Keystone (bad password)', async () => {
    const before = await currentDocumentId();
    const wrong = startInfoAgent(
      agentOptions({ keystone: { ...sandbox.site(SITE).agent, password: 'not-the-password' } }),
    );
    try {
      const cycle = await wrong.runNow();
      expect(cycle.error?.code).toBe('SITE_UNREADABLE');
      expect(cycle.error?.message).toMatch(/401|authenticat/i);
      expect(cycle.error?.message).not.toContain('not-the-password');
    } finally {
      await wrong.stop();
    }
    expect(await currentDocumentId()).toBe(before);
    expect(await summary()).toMatchObject({ status: 'failing', voCount: vos.length });
  }, 60_000);

  it('publishes a VO whose project fails from its last reading, marked with the reason', async () => {
    const failing = sandbox.site(SITE).vos[1]!;
    const users = await (await keystoneAdmin('GET', '/users?name=fedcloud-agent')).json();
    // Every role the agent holds there (reader, and member for the image sync) goes.
    const grants: string[] = [];
    for (const name of ['reader', 'member']) {
      const roles = await (await keystoneAdmin('GET', `/roles?name=${name}`)).json();
      grants.push(
        `/projects/${failing.projectId}/users/${users.users[0].id}/roles/${roles.roles[0].id}`,
      );
    }
    for (const grant of grants) expect((await keystoneAdmin('DELETE', grant)).status).toBe(204);
    try {
      const cycle = await agent.runNow();
      expect(cycle.ok).toBe(true);
      expect(cycle.published?.status).toBe(201);
      const share = cycle.shares.find((s) => s.vo === failing.vo);
      expect(share).toMatchObject({ ok: false });
      expect(share?.keptFrom).toMatch(/^\d{4}-\d\d-\d\dT/);

      const detail = await summary();
      expect(detail.status).toBe('ok');
      const entries = detail.vos as { vo: string; staleReason: string | null }[];
      expect(entries.map((e) => e.vo).sort()).toEqual([...vos].sort());
      expect(entries.find((e) => e.vo === failing.vo)?.staleReason).toBeTruthy();
      expect(entries.filter((e) => e.staleReason !== null)).toHaveLength(1);
      // The VO's images are still those last read.
      const images = (await (
        await fetch(`${hub.url}/api/v1/sites/${SITE}/images?vo=${encodeURIComponent(failing.vo)}`)
      ).json()) as unknown[];
      expect(images.length).toBeGreaterThan(0);
      expect((await listed(failing.vo))?.state).toBe('');
    } finally {
      for (const grant of grants) expect((await keystoneAdmin('PUT', grant)).status).toBe(204);
    }
  }, 60_000);
});
