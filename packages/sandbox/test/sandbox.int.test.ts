import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, generateKeyPair } from 'jose';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { federatedLogin, freePort, scopedToken, startTestSandbox } from './helpers.js';

const KEYSTONE_401 = {
  error: {
    code: 401,
    title: 'Unauthorized',
    message: 'The request you have made requires authentication.',
  },
};

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

async function loginAndScope(sandbox: TestSandbox, siteName: string, user: string, vo: string) {
  const site = sandbox.site(siteName);
  const login = await federatedLogin(sandbox, site.identityUrl, await sandbox.tokenFor(user));
  expect(login.status).toBe(201);
  const project = site.vos.find((v) => v.vo === vo)!;
  const scoped = await scopedToken(
    sandbox,
    site.identityUrl,
    login.headers.get('x-subject-token')!,
    project.projectId,
  );
  expect(scoped.status).toBe(201);
  const body = (await scoped.json()) as {
    token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] };
  };
  const endpoint = (type: string) =>
    body.token.catalog
      .find((s) => s.type === type)!
      .endpoints.find((e) => e.interface === 'public')!.url;
  return { token: scoped.headers.get('x-subject-token')!, endpoint, project };
}

describe('a running sandbox', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('writes the sites in the fedcloud-catchall format and keeps secret files private', () => {
    const alpha = parse(
      readFileSync(join(sandbox.files.sitesDir, 'SANDBOX-ALPHA.yaml'), 'utf8'),
    ) as Record<string, unknown>;
    expect(Object.keys(alpha).sort()).toEqual(['endpoint', 'gocdb', 'protocol', 'region', 'vos']);
    expect(alpha).toMatchObject({
      gocdb: 'SANDBOX-ALPHA',
      endpoint: `${sandbox.site('SANDBOX-ALPHA').identityUrl}/`,
      protocol: 'openid',
    });
    expect(alpha.vos).toEqual(
      sandbox
        .site('SANDBOX-ALPHA')
        .vos.map((v) => ({ name: v.vo, auth: { project_id: v.projectId } })),
    );
    for (const file of [
      sandbox.files.cloudsYaml,
      sandbox.files.usersFile,
      sandbox.files.controlFile,
      join(sandbox.files.dataDir, 'pki', 'server-key.pem'),
    ]) {
      expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    }
  });

  it('serves HTTPS that only clients trusting the sandbox CA accept', async () => {
    const url = `${sandbox.issuerUrl}/.well-known/openid-configuration`;
    expect(url).toMatch(/^https:/);
    await expect(fetch(url)).rejects.toThrow();
    const discovery = (await (await sandbox.fetch(url)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer).toBe(sandbox.issuerUrl);
  });

  it('maps VO entitlements to each site’s projects, found by id whatever their names', async () => {
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const login = await federatedLogin(sandbox, alpha.identityUrl, await sandbox.tokenFor('alice'));
    expect(login.status).toBe(201);
    const projects = (await (
      await sandbox.fetch(`${alpha.identityUrl}/auth/projects`, {
        headers: { 'x-auth-token': login.headers.get('x-subject-token')! },
      })
    ).json()) as { projects: { id: string; name: string }[] };
    expect(projects.projects.map((p) => p.id).sort()).toEqual(
      alpha.vos
        .filter((v) => ['vo.access.egi.eu', 'training.egi.eu'].includes(v.vo))
        .map((v) => v.projectId)
        .sort(),
    );
    expect(projects.projects.map((p) => p.name)).toContain('VO:vo.access.egi.eu');

    const beta = await loginAndScope(sandbox, 'SANDBOX-BETA', 'alice', 'training.egi.eu');
    expect(beta.project.projectName).toBe('training_egi_eu');
    expect(beta.endpoint('volumev3')).toContain(beta.project.projectId);
  });

  it('gives a subgroup member its VO and a user without the VO no project', async () => {
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const bob = await federatedLogin(sandbox, alpha.identityUrl, await sandbox.tokenFor('bob'));
    const bobProjects = (await (
      await sandbox.fetch(`${alpha.identityUrl}/auth/projects`, {
        headers: { 'x-auth-token': bob.headers.get('x-subject-token')! },
      })
    ).json()) as { projects: { id: string }[] };
    expect(bobProjects.projects.map((p) => p.id)).toEqual([
      alpha.vos.find((v) => v.vo === 'fedcloud.egi.eu')!.projectId,
    ]);

    // No mapping rule matches a user without a VO of the site, so a real Keystone refuses her.
    const carol = await federatedLogin(sandbox, alpha.identityUrl, await sandbox.tokenFor('carol'));
    expect(carol.status).toBe(401);
    expect(await carol.json()).toEqual(KEYSTONE_401);
    const bobScoped = await scopedToken(
      sandbox,
      alpha.identityUrl,
      bob.headers.get('x-subject-token')!,
      alpha.vos.find((v) => v.vo === 'vo.access.egi.eu')!.projectId,
    );
    expect(bobScoped.status).toBe(401);
  });

  it('answers bad JWTs with mod_auth_openidc’s 401 and a foreign issuer with Keystone’s 403', async () => {
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'mallory@egi.eu',
      aud: 'fedcloud',
      scope: 'openid eduperson_entitlement',
      iat: now - 60,
    };
    const expired = await sandbox.issuer.signAccessTokenForTests({
      ...claims,
      iss: sandbox.issuerUrl,
      exp: now - 30,
    });
    const foreign = await sandbox.issuer.signAccessTokenForTests({
      ...claims,
      iss: 'https://aai.example.org',
      exp: now + 600,
    });
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...claims, iss: sandbox.issuerUrl, exp: now + 600 })
      .setProtectedHeader({ alg: 'RS256', kid: decodeJwtKid(await sandbox.tokenFor('alice')) })
      .sign(privateKey);
    for (const [name, jwt] of Object.entries({ expired, forged, garbage: 'not-a-jwt' })) {
      const response = await federatedLogin(sandbox, alpha.identityUrl, jwt);
      expect(response.status, name).toBe(401);
      expect(response.headers.get('www-authenticate'), name).toMatch(
        /^Bearer error="invalid_token"/,
      );
      const text = await response.text();
      expect(text, name).toContain('<title>401 Unauthorized</title>');
      expect(text).not.toContain(jwt);
    }
    const refused = await federatedLogin(sandbox, alpha.identityUrl, foreign);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { title: string } }).error.title).toBe('Forbidden');
    const none = await sandbox.fetch(
      `${alpha.identityUrl}/OS-FEDERATION/identity_providers/egi.eu/protocols/openid/auth`,
      { method: 'POST' },
    );
    expect(none.status).toBe(401);
  });

  it('enforces Nova quotas with Nova’s 403 body', async () => {
    const { token, endpoint } = await loginAndScope(
      sandbox,
      'SANDBOX-GAMMA',
      'alice',
      'vo.access.egi.eu',
    );
    const compute = endpoint('compute');
    const flavors = (await (
      await sandbox.fetch(`${compute}/flavors`, { headers: { 'x-auth-token': token } })
    ).json()) as { flavors: { id: string; name: string }[] };
    const xlarge = flavors.flavors.find((f) => f.name === 'm1.xlarge')!;
    const images = (await (
      await sandbox.fetch(`${endpoint('image')}/v2/images`, { headers: { 'x-auth-token': token } })
    ).json()) as { images: { id: string }[] };
    const create = () =>
      sandbox.fetch(`${compute}/servers`, {
        method: 'POST',
        headers: { 'x-auth-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({
          server: { name: 'big', imageRef: images.images[0]!.id, flavorRef: xlarge.id },
        }),
      });
    expect((await create()).status).toBe(202);
    expect((await create()).status).toBe(202);
    const third = await create();
    expect(third.status).toBe(403);
    expect(await third.json()).toEqual({
      forbidden: {
        code: 403,
        message: 'Quota exceeded for cores: Requested 8, but already used 16 of 20 cores',
      },
    });
  });

  it('answers malformed JSON with 400 in each service’s shape', async () => {
    const alpha = sandbox.site('SANDBOX-ALPHA');
    const keystone = await sandbox.fetch(`${alpha.identityUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"auth": {',
    });
    expect(keystone.status).toBe(400);
    expect(((await keystone.json()) as { error: { code: number } }).error.code).toBe(400);
    const { token, endpoint } = await loginAndScope(
      sandbox,
      'SANDBOX-ALPHA',
      'alice',
      'vo.access.egi.eu',
    );
    const nova = await sandbox.fetch(`${endpoint('compute')}/servers`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: '{"server": ',
    });
    expect(nova.status).toBe(400);
    expect(((await nova.json()) as { badRequest: { code: number } }).badRequest.code).toBe(400);
  });

  it('injects latency, errors, hangs and a dead site, and recovers', async () => {
    const beta = sandbox.site('SANDBOX-BETA');
    const version = () =>
      sandbox.fetch(`${beta.identityUrl}`, { signal: AbortSignal.timeout(2000) });
    expect((await version()).status).toBe(200);

    await sandbox.setFaults('SANDBOX-BETA', { latencyMs: 250 });
    const t0 = performance.now();
    await version();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);

    await sandbox.setFaults('SANDBOX-BETA', { latencyMs: 0, errorRate: 1 });
    expect((await version()).status).toBe(503);

    await sandbox.setFaults('SANDBOX-BETA', { errorRate: 0, hang: true });
    await expect(
      sandbox.fetch(beta.identityUrl, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow(/abort|timeout/i);

    await sandbox.setFaults('SANDBOX-BETA', { hang: false, down: true });
    const refused = await sandbox
      .fetch(beta.identityUrl)
      .catch((error: Error & { cause?: { code?: string } }) => error.cause?.code);
    expect(refused).toBe('ECONNREFUSED');

    await sandbox.setFaults('SANDBOX-BETA', { down: false });
    expect((await version()).status).toBe(200);
  });
});

describe('a restarted sandbox', () => {
  it('keeps its VMs and its signing keys', async () => {
    // Same issuer URL across the restart: tokens name their issuer, and a site checks it.
    const issuerPort = await freePort();
    const first = await startTestSandbox({ sites: 1, issuerPort });
    const dataDir = first.files.dataDir;
    const oldToken = await first.tokenFor('alice');
    const { token, endpoint } = await loginAndScope(
      first,
      'SANDBOX-ALPHA',
      'alice',
      'vo.access.egi.eu',
    );
    const images = (await (
      await first.fetch(`${endpoint('image')}/v2/images`, { headers: { 'x-auth-token': token } })
    ).json()) as { images: { id: string }[] };
    const flavors = (await (
      await first.fetch(`${endpoint('compute')}/flavors`, { headers: { 'x-auth-token': token } })
    ).json()) as { flavors: { id: string }[] };
    const created = await first.fetch(`${endpoint('compute')}/servers`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({
        server: {
          name: 'survivor',
          imageRef: images.images[0]!.id,
          flavorRef: flavors.flavors[0]!.id,
        },
      }),
    });
    const serverId = ((await created.json()) as { server: { id: string } }).server.id;
    await first.stop();

    const second = await startTestSandbox({ sites: 1, dataDir, issuerPort });
    try {
      // A token minted before the restart still opens the site: the JWKS survived.
      const again = await federatedLogin(
        second,
        second.site('SANDBOX-ALPHA').identityUrl,
        oldToken,
      );
      expect(again.status).toBe(201);
      const relogin = await loginAndScope(second, 'SANDBOX-ALPHA', 'alice', 'vo.access.egi.eu');
      const shown = await second.fetch(`${relogin.endpoint('compute')}/servers/${serverId}`, {
        headers: { 'x-auth-token': relogin.token },
      });
      expect(shown.status).toBe(200);
      expect(((await shown.json()) as { server: { name: string } }).server.name).toBe('survivor');
    } finally {
      await second.cleanup();
    }
  });
});

function decodeJwtKid(jwt: string): string {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as {
    kid: string;
  };
  return header.kid;
}
