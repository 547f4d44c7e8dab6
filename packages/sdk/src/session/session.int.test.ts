import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listServers, revokeToken, type Transport } from '@fedcloud/openstack';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenProvider } from '../auth/types.js';
import { findSite, folderDirectory } from '../sites/index.js';
import type { SiteConfig } from '../sites/types.js';
import { createTransport } from '../transport.js';
import { createKeystoneCache, listSiteProjects, openSiteSession } from '../session.js';

/** A stand-in for the real token provider: hands out a fixed token and counts the calls. */
function fixedTokens(token: string): TokenProvider & { calls: number } {
  const provider = {
    kind: 'access-token' as const,
    refreshable: false,
    calls: 0,
    getAccessToken: async () => {
      provider.calls += 1;
      return token;
    },
  };
  return provider;
}

let sandbox: EphemeralSandbox;
let transport: Transport;
let lines: string[];
let aliceToken: string;
let sites: SiteConfig[];
const site = (name: string): SiteConfig => sites.find((s) => s.name === name)!;
const keystoneCalls = () => lines.filter((line) => /\/v3\//.test(line));

beforeAll(async () => {
  sandbox = await startEphemeralSandbox({
    sites: 3,
    buildDelayMs: 100,
  });
  lines = [];
  transport = createTransport({
    caFile: sandbox.files.caFile!,
    timeoutMs: 10_000,
    debug: (line) => lines.push(line),
  });
  aliceToken = await sandbox.tokenFor('alice');
  sites = await folderDirectory(sandbox.files.sitesDir).listSites();
});

afterAll(async () => {
  await transport?.dispatcher?.destroy();
  await sandbox?.cleanup();
});

describe('sandbox site files', () => {
  it('parse into the sites the sandbox runs, with their Keystone URLs and projects', async () => {
    expect(sites.map((s) => s.name)).toEqual(['SANDBOX-ALPHA', 'SANDBOX-BETA', 'SANDBOX-GAMMA']);
    for (const running of sandbox.sites) {
      const parsed = site(running.name);
      expect(parsed.endpoint).toBe(`${running.identityUrl}/`);
      expect(parsed.protocol).toBe('openid');
      expect(parsed.vos.map((vo) => [vo.name, vo.projectId])).toEqual(
        running.vos.map((vo) => [vo.vo, vo.projectId]),
      );
    }
    const directory = folderDirectory(sandbox.files.sitesDir);
    await expect(findSite(directory, 'SANDBOX-ALHPA')).rejects.toMatchObject({
      code: 'SITE_UNKNOWN',
      hint: expect.stringContaining('Did you mean: SANDBOX-ALPHA?') as unknown,
    });
  });
});

describe('openSiteSession', () => {
  it('logs in through OS-FEDERATION, scopes to the VO project and lists servers', async () => {
    const alpha = site('SANDBOX-ALPHA');
    const session = await openSiteSession(alpha, 'vo.access.egi.eu', {
      transport,
      tokens: fixedTokens(aliceToken),
    });
    const projectId = alpha.vos[0]!.projectId;
    expect(session.projectId).toBe(projectId);
    expect(session.auth.projectId).toBe(projectId);
    expect(session.auth.reauthenticate).toBeTypeOf('function');
    expect(Array.isArray(await listServers(session.client))).toBe(true);
    const raw = await session.client.request<{ servers: unknown[] }>('compute', '/servers/detail');
    expect(raw.status).toBe(200);
  });

  it('refuses a VO the site does not support before any network call', async () => {
    const before = lines.length;
    await expect(
      openSiteSession(site('SANDBOX-GAMMA'), 'training.egi.eu', {
        transport,
        tokens: fixedTokens(aliceToken),
      }),
    ).rejects.toMatchObject({ code: 'VO_NOT_AT_SITE' });
    expect(lines.length).toBe(before);
  });

  it('reports a project the user has no access to as KEYSTONE_AUTH_FAILED naming it', async () => {
    // alice logs in at ALPHA (she has VOs there) but is not in fedcloud.egi.eu, ALPHA's third VO.
    const alpha = site('SANDBOX-ALPHA');
    const project = alpha.vos.find((v) => v.name === 'fedcloud.egi.eu')!.projectId;
    const error = await openSiteSession(alpha, 'fedcloud.egi.eu', {
      transport,
      tokens: fixedTokens(aliceToken),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'KEYSTONE_AUTH_FAILED',
      message: `no access to project ${project} of VO fedcloud.egi.eu at SANDBOX-ALPHA`,
    });
    expect((error as Error).cause).toMatchObject({ name: 'OpenStackError', status: 401 });
  });

  it('reports a user without a VO of the site as refused at the federated login', async () => {
    const beta = site('SANDBOX-BETA');
    const bob = await sandbox.tokenFor('bob'); // only in fedcloud.egi.eu, which BETA lacks
    const error = await openSiteSession(beta, 'vo.access.egi.eu', {
      transport,
      tokens: fixedTokens(bob),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED' });
    expect((error as Error).message).toContain('SANDBOX-BETA refused the OIDC token');
    expect((error as Error).cause).toMatchObject({ name: 'OpenStackError', status: 401 });
  });

  it('reports a garbage token Keystone refuses as a token error, not a VO one', async () => {
    const error = await openSiteSession(site('SANDBOX-ALPHA'), 'vo.access.egi.eu', {
      transport,
      tokens: fixedTokens('not-a-valid-access-token-at-all'),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TOKEN_INVALID',
      message: 'SANDBOX-ALPHA refused the access token, which is not a JWT access token',
    });
    expect((error as { hint: string }).hint).toContain('OIDC_ACCESS_TOKEN');
    expect((error as Error).message).not.toContain('not-a-valid-access-token-at-all');
  });

  it('reports an unknown identity provider', async () => {
    await expect(
      openSiteSession(site('SANDBOX-ALPHA'), 'vo.access.egi.eu', {
        transport,
        tokens: fixedTokens(aliceToken),
        identityProvider: 'no-such-idp',
      }),
    ).rejects.toMatchObject({
      code: 'KEYSTONE_AUTH_FAILED',
      message: 'SANDBOX-ALPHA has no identity provider no-such-idp with protocol openid',
    });
  });

  it('re-authenticates with a fresh OIDC token when Keystone revokes the token', async () => {
    const tokens = fixedTokens(aliceToken);
    const session = await openSiteSession(site('SANDBOX-ALPHA'), 'vo.access.egi.eu', {
      transport,
      tokens,
    });
    const first = session.client.auth.token;
    await revokeToken(transport, { identityUrl: session.auth.identityUrl!, token: first });
    await listServers(session.client);
    expect(session.client.auth.token).not.toBe(first);
    expect(tokens.calls).toBe(2);
  });
});

describe('Keystone cache', () => {
  it('skips Keystone on a hit, in memory and from disk, with private files named without tokens', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'sdk-cache-')), 'keystone');
    const alpha = site('SANDBOX-ALPHA');
    const open = (cache = createKeystoneCache({ dir })) =>
      openSiteSession(alpha, 'training.egi.eu', {
        transport,
        tokens: fixedTokens(aliceToken),
        cache,
      });

    const cache = createKeystoneCache({ dir });
    lines.length = 0;
    const first = await open(cache);
    expect(keystoneCalls()).toHaveLength(2); // federated login + scoping

    lines.length = 0;
    const fromMemory = await open(cache);
    expect(keystoneCalls()).toEqual([]);
    expect(fromMemory.auth.token).toBe(first.auth.token);

    const fromDisk = await open(createKeystoneCache({ dir }));
    expect(keystoneCalls()).toEqual([]);
    expect(fromDisk.auth.token).toBe(first.auth.token);
    await listServers(fromDisk.client);

    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const file = join(dir, files[0]!);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(files[0]).not.toContain(first.auth.token);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(await readFile(file, 'utf8')).not.toContain(aliceToken);
  });

  it('ignores an entry close to its expiry and logs in again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sdk-cache-'));
    const alpha = site('SANDBOX-ALPHA');
    const options = { transport, tokens: fixedTokens(aliceToken) };
    await openSiteSession(alpha, 'vo.access.egi.eu', {
      ...options,
      cache: createKeystoneCache({ dir }),
    });
    const [name] = await readdir(dir);
    const file = join(dir, name!);
    const entry = JSON.parse(await readFile(file, 'utf8'));
    entry.expiresAt = new Date(Date.now() + 60_000).toISOString();
    await writeFile(file, JSON.stringify(entry));

    lines.length = 0;
    const session = await openSiteSession(alpha, 'vo.access.egi.eu', {
      ...options,
      cache: createKeystoneCache({ dir }),
    });
    expect(keystoneCalls()).toHaveLength(2);
    expect(session.auth.token).not.toBe(entry.token);
  });
});

describe('listSiteProjects', () => {
  it('lists the projects the user may scope to', async () => {
    const projects = await listSiteProjects(site('SANDBOX-ALPHA'), {
      transport,
      tokens: fixedTokens(aliceToken),
    });
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const expected = alpha.vos
      .filter((vo) => ['vo.access.egi.eu', 'training.egi.eu'].includes(vo.vo))
      .map((vo) => vo.projectId);
    expect(projects.map((p) => p.id).sort()).toEqual(expected.sort());
  });
});

describe('debug lines', () => {
  it('show method, URL, status and time, and never a token', async () => {
    const session = await openSiteSession(site('SANDBOX-BETA'), 'training.egi.eu', {
      transport,
      tokens: fixedTokens(aliceToken),
    });
    await listServers(session.client, { limit: 5 });
    expect(lines.some((line) => line.includes('/servers/detail?<redacted> -> 200'))).toBe(true);
    for (const line of lines) expect(line).not.toContain(session.auth.token);
    expect(
      lines.some((line) =>
        /^POST https:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens -> 201 \(\d+ ms\)$/.test(line),
      ),
    ).toBe(true);
    for (const line of lines) expect(line).not.toContain(aliceToken);
    expect(lines.join('\n')).not.toMatch(/eyJ|gAAAA/);
  });
});
