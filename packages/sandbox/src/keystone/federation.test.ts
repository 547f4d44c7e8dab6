import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { stableKeystoneId } from '../site/ids.js';
import { createTestSite, type TestSite } from '../testing/test-site.js';
import { createOidcDouble, entitlement, type OidcDouble } from './oidc-double.js';

const AUTH_401 = {
  error: {
    code: 401,
    title: 'Unauthorized',
    message: 'The request you have made requires authentication.',
  },
};
const member = entitlement;

describe('keystone OS-FEDERATION OIDC login', () => {
  let oidc: OidcDouble;
  let t: TestSite;
  const authPath = '/v3/OS-FEDERATION/identity_providers/egi.eu/protocols/openid/auth';

  beforeAll(async () => {
    oidc = await createOidcDouble();
    t = createTestSite({}, oidc.link);
  });

  const login = (accessToken?: string, path = authPath) =>
    t.call(
      'POST',
      path,
      accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
    );
  const projectsOf = async (token: string): Promise<string[]> => {
    const res = await t.call('GET', '/v3/auth/projects', { token });
    expect(res.status).toBe(200);
    return ((await res.json()).projects as { id: string }[]).map((p) => p.id).sort();
  };
  const scope = (token: string, projectId: string) =>
    t.call('POST', '/v3/auth/tokens', {
      body: {
        auth: {
          identity: { methods: ['token'], token: { id: token } },
          scope: { project: { id: projectId } },
        },
      },
    });
  const projectOf = (vo: string) => t.site.spec.vos.find((p) => p.vo === vo)!.projectId;

  it('logs a two-VO user in, lists both projects and scopes to one with the full catalogue', async () => {
    const access = await oidc.mint('alice@egi.eu', [
      member('vo.access.egi.eu'),
      member('training.egi.eu'),
    ]);
    const res = await login(access);
    expect(res.status).toBe(201);
    const unscoped = res.headers.get('x-subject-token')!;
    const { token } = await res.json();
    expect(token).toMatchObject({
      methods: ['openid'],
      user: {
        id: stableKeystoneId('egi.eu', 'alice@egi.eu'),
        name: 'alice@egi.eu',
        domain: { id: 'Federated', name: 'Federated' },
        'OS-FEDERATION': {
          identity_provider: { id: 'egi.eu' },
          protocol: { id: 'openid' },
        },
      },
    });
    // The mapping's group of each of the site's VOs in the token, as Keystone lists them.
    const groups = token.user['OS-FEDERATION'].groups as { id: string }[];
    expect(groups.map((g) => g.id).sort()).toEqual(
      ['vo.access.egi.eu', 'training.egi.eu']
        .map((vo) => stableKeystoneId(t.site.spec.name, 'group', vo))
        .sort(),
    );
    expect(token.user).not.toHaveProperty('password_expires_at');
    expect(token.project).toBeUndefined();
    expect(JSON.stringify(token)).not.toContain(access);

    const expected = [projectOf('vo.access.egi.eu'), projectOf('training.egi.eu')].sort();
    expect(await projectsOf(unscoped)).toEqual(expected);
    const alias = await t.call('GET', '/v3/OS-FEDERATION/projects', { token: unscoped });
    expect((await alias.json()).projects).toHaveLength(2);

    const training = projectOf('training.egi.eu');
    const scoped = await scope(unscoped, training);
    expect(scoped.status).toBe(201);
    const body = (await scoped.json()).token;
    expect(body.project.id).toBe(training);
    expect(body.methods).toEqual(['token', 'openid']);
    expect(body.user['OS-FEDERATION']).toBeDefined();
    expect(body.roles.map((r: { name: string }) => r.name)).toEqual(['member', 'reader']);
    const types = body.catalog.map((s: { type: string }) => s.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'identity',
        'compute',
        'image',
        'network',
        'volumev3',
        'block-storage',
      ]),
    );
    const volume = body.catalog.find((s: { type: string }) => s.type === 'volumev3');
    expect(volume.endpoints.map((e: { interface: string }) => e.interface).sort()).toEqual([
      'admin',
      'internal',
      'public',
    ]);
    expect(volume.endpoints[0].url).toBe(`${t.site.baseUrl}/volume/v3/${training}`);
    expect(volume.endpoints[0]).toMatchObject({ region: 'RegionOne', region_id: 'RegionOne' });

    // The scoped token never outlives the unscoped one it came from.
    expect(Date.parse(body.expires_at)).toBeLessThanOrEqual(Date.parse(token.expires_at));

    // It is accepted by the other services' middleware-side check, and /v3/auth/catalog agrees.
    const catalog = await t.call('GET', '/v3/auth/catalog', {
      token: scoped.headers.get('x-subject-token')!,
    });
    expect((await catalog.json()).catalog).toHaveLength(6);
  });

  it('maps a subgroup entitlement to its VO and ignores non-member roles', async () => {
    const access = await oidc.mint('bob@egi.eu', [
      member('fedcloud.egi.eu:gpu:a100'),
      member('training.egi.eu', 'vm_operator'),
    ]);
    const res = await login(access);
    expect(res.status).toBe(201);
    const unscoped = res.headers.get('x-subject-token')!;
    expect(await projectsOf(unscoped)).toEqual([projectOf('fedcloud.egi.eu')]);
    expect((await scope(unscoped, projectOf('training.egi.eu'))).status).toBe(401);
  });

  // A real Keystone whose mapping has one rule per VO matches no rule for this user: 401 at login.
  it('refuses a user without a VO of this site at login, as no mapping rule matches', async () => {
    const access = await oidc.mint('carol@egi.eu', [member('vo.other.eu')]);
    const res = await login(access);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(AUTH_401);
    expect(res.headers.get('x-subject-token')).toBeNull();
  });

  // As Debian's Zed Keystone behind apache + mod_auth_openidc answers (tools/openstack-site).
  it('refuses bad tokens in mod_auth_openidc (401 page) and a foreign issuer in Keystone (403)', async () => {
    const stranger = await generateKeyPair('RS256');
    const invalid = [
      'not-a-jwt',
      await oidc.mint('dave@egi.eu', [member('vo.access.egi.eu')], { expiresIn: -60 }),
      await oidc.mint('dave@egi.eu', [member('vo.access.egi.eu')], { key: stranger.privateKey }),
    ];
    for (const access of [undefined, ...invalid]) {
      const res = await login(access);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('www-authenticate')).toBe(
        access === undefined
          ? 'Bearer error="invalid_request", error_description="No bearer token found in the request"'
          : 'Bearer error="invalid_token", error_description="JWT token could not be validated"',
      );
      const text = await res.text();
      expect(text).toContain('<title>401 Unauthorized</title>');
      if (access) expect(text).not.toContain(access);
      expect(res.headers.get('x-subject-token')).toBeNull();
    }
    const foreign = await oidc.mint('dave@egi.eu', [member('vo.access.egi.eu')], {
      issuer: 'https://evil.example',
    });
    const res = await login(foreign);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: 403,
        message: 'You are not authorized to perform the requested action.',
        title: 'Forbidden',
      },
    });
  });

  it('answers an unknown identity provider or protocol with 404', async () => {
    const access = await oidc.mint('erin@egi.eu', [member('vo.access.egi.eu')]);
    const idp = await login(
      access,
      '/v3/OS-FEDERATION/identity_providers/nope/protocols/openid/auth',
    );
    expect(idp.status).toBe(404);
    expect((await idp.json()).error).toMatchObject({
      code: 404,
      message: 'Could not find Identity Provider: nope.',
    });
    const protocol = await login(
      access,
      '/v3/OS-FEDERATION/identity_providers/egi.eu/protocols/saml2/auth',
    );
    expect(protocol.status).toBe(404);
    // GET works too (keystoneauth uses POST; browsers and curl scripts use GET).
    const viaGet = await t.call('GET', authPath.replace('openid', 'oidc'), {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(viaGet.status).toBe(201);
    expect((await viaGet.json()).token.methods).toEqual(['oidc']);
  });

  it('caches userinfo per token and shares one JWKS between sites', async () => {
    const access = await oidc.mint('frank@egi.eu', [member('vo.access.egi.eu')]);
    const before = { ...oidc.fetched };
    expect((await login(access)).status).toBe(201);
    expect((await login(access)).status).toBe(201);
    const other = createTestSite({ name: 'SANDBOX-OTHER' }, oidc.link);
    const res = await other.call('POST', authPath, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(res.status).toBe(201);
    expect(oidc.fetched.userinfo - before.userinfo).toBe(1);
    expect(oidc.fetched.jwks).toBe(1);
  });

  it('keeps the shadow user readable by the admin with its VO projects', async () => {
    const access = await oidc.mint('gina@egi.eu', [member('training.egi.eu')]);
    expect((await login(access)).status).toBe(201);
    const id = stableKeystoneId('egi.eu', 'gina@egi.eu');
    const admin = t.adminToken();
    const user = await (await t.call('GET', `/v3/users/${id}`, { token: admin })).json();
    expect(user.user).toMatchObject({ id, name: 'gina@egi.eu', domain_id: 'Federated' });
    const projects = await (
      await t.call('GET', `/v3/users/${id}/projects`, { token: admin })
    ).json();
    expect(projects.projects.map((p: { id: string }) => p.id)).toEqual([
      projectOf('training.egi.eu'),
    ]);
  });
});
