import { describe, expect, it } from 'vitest';
import { createTestSite } from '../testing/test-site.js';
import { seedIdentity } from './index.js';
import { KINDS } from './resource-store.js';

const AUTH_401 = {
  error: {
    code: 401,
    title: 'Unauthorized',
    message: 'The request you have made requires authentication.',
  },
};

function passwordBody(user: Record<string, unknown>, scope?: unknown) {
  return {
    auth: {
      identity: { methods: ['password'], password: { user } },
      ...(scope !== undefined && { scope }),
    },
  };
}

describe('keystone password authentication', () => {
  const t = createTestSite();
  const { spec } = t.site;
  const admin = { name: 'admin', domain: { name: 'Default' }, password: spec.adminPassword };

  it('issues a project-scoped token with roles and the full catalogue', async () => {
    const res = await t.call('POST', '/v3/auth/tokens', {
      body: passwordBody(admin, { project: { name: 'admin', domain: { id: 'default' } } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-subject-token')).toMatch(/^gAAAAA/);
    const { token } = await res.json();
    expect(token).toMatchObject({
      methods: ['password'],
      user: {
        id: spec.adminUserId,
        name: 'admin',
        domain: { id: 'default', name: 'Default' },
        password_expires_at: null,
      },
      project: {
        id: spec.adminProjectId,
        name: 'admin',
        domain: { id: 'default', name: 'Default' },
      },
      is_domain: false,
    });
    expect(token.roles.map((r: { name: string }) => r.name).sort()).toEqual([
      'admin',
      'member',
      'reader',
    ]);
    expect(token.audit_ids).toHaveLength(1);
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const types = token.catalog.map((s: { type: string }) => s.type);
    expect(types).toEqual(['identity', 'compute', 'image', 'network', 'volumev3', 'block-storage']);
  });

  it('authenticates by user id and honours ?nocatalog', async () => {
    const res = await t.call('POST', '/v3/auth/tokens?nocatalog', {
      body: passwordBody(
        { id: spec.adminUserId, password: spec.adminPassword },
        { project: { id: spec.adminProjectId } },
      ),
    });
    expect(res.status).toBe(201);
    const { token } = await res.json();
    expect(token.project.id).toBe(spec.adminProjectId);
    expect(token.catalog).toBeUndefined();
  });

  it('issues an unscoped token without project, roles or catalogue', async () => {
    const res = await t.call('POST', '/v3/auth/tokens', { body: passwordBody(admin) });
    expect(res.status).toBe(201);
    const { token } = await res.json();
    expect(token.project).toBeUndefined();
    expect(token.roles).toBeUndefined();
    expect(token.catalog).toBeUndefined();
  });

  it('refuses a wrong password, an unknown user and a project without roles with the generic 401', async () => {
    for (const body of [
      passwordBody({ ...admin, password: 'wrong' }),
      passwordBody({ ...admin, name: 'nobody' }),
      passwordBody(admin, { project: { id: spec.vos[0]!.projectId } }),
      passwordBody(admin, { project: { id: 'f'.repeat(32) } }),
    ]) {
      const res = await t.call('POST', '/v3/auth/tokens', { body });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(`Keystone uri="${t.site.baseUrl}/v3"`);
      expect(await res.json()).toEqual(AUTH_401);
    }
  });

  it('answers malformed JSON and missing fields with 400 in Keystone shape', async () => {
    const malformed = await t.call('POST', '/v3/auth/tokens', { body: '{"auth": ' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({
      code: 400,
      title: 'Bad Request',
      message: expect.stringContaining('Expecting to find valid JSON in request body.'),
    });

    const noMethods = await t.call('POST', '/v3/auth/tokens', { body: { auth: { identity: {} } } });
    expect(noMethods.status).toBe(400);
    expect((await noMethods.json()).error.message).toBe(
      "Invalid input for field 'auth/identity': 'methods' is a required property",
    );

    const noAuth = await t.call('POST', '/v3/auth/tokens', { body: {} });
    expect((await noAuth.json()).error.message).toBe("'auth' is a required property");

    const noDomain = await t.call('POST', '/v3/auth/tokens', {
      body: passwordBody({ name: 'admin', password: 'x' }),
    });
    expect(noDomain.status).toBe(400);
    expect((await noDomain.json()).error.message).toContain('Expecting to find domain in user.');
  });

  it('never stores the admin password in clear and seeds idempotently', () => {
    const before = t.site.store.get<{ hash: string }>(KINDS.userSecret, spec.adminUserId)!;
    // A salted SHA-256 (see passwords.ts: the sandbox generates these 144-bit passwords).
    expect(before.hash).toMatch(/^sha256\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(before.hash).not.toContain(spec.adminPassword);
    const projects = t.site.store.count(KINDS.project);
    seedIdentity(t.site);
    expect(t.site.store.count(KINDS.project)).toBe(projects);
    expect(t.site.store.get<{ hash: string }>(KINDS.userSecret, spec.adminUserId)!.hash).toBe(
      before.hash,
    );
  });
});

describe('keystone token validation, rescoping and revocation', () => {
  const t = createTestSite();
  const { spec } = t.site;

  async function unscoped(): Promise<string> {
    const res = await t.call('POST', '/v3/auth/tokens', {
      body: passwordBody({ id: spec.adminUserId, password: spec.adminPassword }, 'unscoped'),
    });
    return res.headers.get('x-subject-token')!;
  }

  it('validates a token with GET and HEAD, revokes it with DELETE', async () => {
    const admin = t.adminToken();
    const subject = await unscoped();
    const shown = await t.call('GET', '/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': subject },
    });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('x-subject-token')).toBe(subject);
    expect((await shown.json()).token.user.id).toBe(spec.adminUserId);

    const head = await t.call('HEAD', '/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': subject },
    });
    expect(head.status).toBe(200);

    const revoked = await t.call('DELETE', '/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': subject },
    });
    expect(revoked.status).toBe(204);

    const gone = await t.call('GET', '/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': subject },
    });
    expect(gone.status).toBe(404);
    expect((await gone.json()).error).toMatchObject({ code: 404, title: 'Not Found' });
    const headGone = await t.call('HEAD', '/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': subject },
    });
    expect(headGone.status).toBe(404);
  });

  it('needs a valid X-Auth-Token to validate, and a non-admin may only validate its own tokens', async () => {
    const subject = await unscoped();
    const anonymous = await t.call('GET', '/v3/auth/tokens', {
      headers: { 'X-Subject-Token': subject },
    });
    expect(anonymous.status).toBe(401);
    const other = await t.call('GET', '/v3/auth/tokens', {
      token: t.memberToken(),
      headers: { 'X-Subject-Token': subject },
    });
    expect(other.status).toBe(403);
    expect((await other.json()).error.message).toBe(
      'You are not authorized to perform the requested action: identity:validate_token.',
    );
  });

  it('rescopes with the token method, keeping the expiry and the audit chain', async () => {
    const subject = await unscoped();
    const parent = await (
      await t.call('GET', '/v3/auth/tokens', {
        token: subject,
        headers: { 'X-Subject-Token': subject },
      })
    ).json();
    const res = await t.call('POST', '/v3/auth/tokens', {
      body: {
        auth: {
          identity: { methods: ['token'], token: { id: subject } },
          scope: { project: { id: spec.adminProjectId } },
        },
      },
    });
    expect(res.status).toBe(201);
    const { token } = await res.json();
    expect(token.methods).toEqual(['token', 'password']);
    expect(token.expires_at).toBe(parent.token.expires_at);
    expect(token.audit_ids).toHaveLength(2);
    expect(token.audit_ids[1]).toBe(parent.token.audit_ids[0]);
  });

  it('answers an unknown token in the token method with 404, as Keystone does', async () => {
    const res = await t.call('POST', '/v3/auth/tokens', {
      body: { auth: { identity: { methods: ['token'], token: { id: 'gAAAAAgarbage' } } } },
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe('Could not recognize Fernet token');
  });

  it('lists projects, roles and identity providers for the admin only', async () => {
    const admin = t.adminToken();
    const projects = await (await t.call('GET', '/v3/projects', { token: admin })).json();
    // The VOs' projects, the admin project and the one owning the synced images.
    expect(projects.projects).toHaveLength(spec.vos.length + 2);
    const vo = projects.projects.find(
      (p: Record<string, unknown>) => p.id === spec.vos[0]!.projectId,
    );
    expect(vo).toMatchObject({
      description: `EGI VO ${spec.vos[0]!.vo}`,
      'egi.eu:VO': spec.vos[0]!.vo,
      domain_id: 'default',
    });

    const byName = await (
      await t.call('GET', `/v3/projects?name=${encodeURIComponent(spec.vos[1]!.projectName)}`, {
        token: admin,
      })
    ).json();
    expect(byName.projects.map((p: { id: string }) => p.id)).toEqual([spec.vos[1]!.projectId]);

    const roles = await (await t.call('GET', '/v3/roles', { token: admin })).json();
    expect(roles.roles.map((r: { name: string }) => r.name).sort()).toEqual([
      'admin',
      'member',
      'reader',
    ]);

    const idps = await (
      await t.call('GET', '/v3/OS-FEDERATION/identity_providers', { token: admin })
    ).json();
    expect(idps.identity_providers).toMatchObject([
      { id: 'egi.eu', remote_ids: [t.site.issuer.issuer], enabled: true },
    ]);

    const user = await (
      await t.call('GET', `/v3/users/${spec.adminUserId}/projects`, { token: admin })
    ).json();
    expect(user.projects.map((p: { id: string }) => p.id)).toEqual([spec.adminProjectId]);

    const denied = await t.call('GET', '/v3/projects', { token: t.memberToken() });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({
      error: {
        code: 403,
        title: 'Forbidden',
        message: 'You are not authorized to perform the requested action: identity:list_projects.',
      },
    });
    const own = await t.call('GET', `/v3/projects/${spec.vos[0]!.projectId}`, {
      token: t.memberToken(),
    });
    expect(own.status).toBe(200);
  });
});
