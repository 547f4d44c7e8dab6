import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../client.js';
import { OpenStackError } from '../errors.js';
import { fakeFetch, json } from '../testing/fake-fetch.js';
import { loginWithFederation } from './federation.js';
import { loginWithPassword } from './password.js';
import { listAuthProjects } from './projects.js';
import { scopeToProject } from './scope.js';
import { revokeToken, validateToken } from './tokens.js';

const UNSCOPED_TOKEN = 'gAAAAABunscoped-federated-token';
const SCOPED_TOKEN = 'gAAAAABscoped-project-token';

/** An OS-FEDERATION unscoped token body (method `mapped`, no catalogue). */
const UNSCOPED_BODY = {
  token: {
    methods: ['mapped'],
    user: {
      domain: { id: 'Federated', name: 'Federated' },
      id: 'u-fed-1',
      name: '1234@egi.eu',
      'OS-FEDERATION': {
        identity_provider: { id: 'egi.eu' },
        protocol: { id: 'openid' },
        groups: [{ id: 'g1' }],
      },
    },
    audit_ids: ['a1'],
    expires_at: '2030-01-01T12:00:00.000000Z',
    issued_at: '2030-01-01T11:00:00.000000Z',
  },
};

/** A project-scoped token body with its catalogue. */
const SCOPED_BODY = {
  token: {
    methods: ['token', 'mapped'],
    user: { domain: { id: 'Federated', name: 'Federated' }, id: 'u-fed-1', name: '1234@egi.eu' },
    audit_ids: ['a2', 'a1'],
    expires_at: '2030-01-01T12:00:00.000000Z',
    issued_at: '2030-01-01T11:05:00.000000Z',
    project: { domain: { id: 'default', name: 'Default' }, id: 'p-fed', name: 'vo.example.eu' },
    is_domain: false,
    roles: [
      { id: 'r1', name: 'member' },
      { id: 'r2', name: 'reader' },
    ],
    catalog: [
      {
        endpoints: [
          {
            id: 'e1',
            interface: 'internal',
            region_id: 'RegionOne',
            url: 'http://10.0.0.5:8774/v2.1',
            region: 'RegionOne',
          },
          {
            id: 'e2',
            interface: 'public',
            region_id: 'RegionTwo',
            url: 'https://cloud.example.org:8774/v2.1/two',
            region: 'RegionTwo',
          },
          {
            id: 'e3',
            interface: 'public',
            region_id: 'RegionOne',
            url: 'https://cloud.example.org:8774/v2.1',
            region: 'RegionOne',
          },
          {
            id: 'e4',
            interface: 'admin',
            region_id: 'RegionOne',
            url: 'http://10.0.0.5:8774/v2.1',
            region: 'RegionOne',
          },
        ],
        id: 'svc-nova',
        type: 'compute',
        name: 'nova',
      },
      {
        endpoints: [
          {
            id: 'e5',
            interface: 'public',
            region_id: 'RegionOne',
            url: 'https://cloud.example.org:5000/v3/',
            region: 'RegionOne',
          },
        ],
        id: 'svc-keystone',
        type: 'identity',
        name: 'keystone',
      },
    ],
  },
};

describe('loginWithFederation', () => {
  it('POSTs the bearer token to OS-FEDERATION and reads X-Subject-Token', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, UNSCOPED_BODY, { 'X-Subject-Token': UNSCOPED_TOKEN }),
    );
    const unscoped = await loginWithFederation(
      { fetch },
      {
        authUrl: 'https://cloud.example.org:5000/v3/',
        identityProvider: 'egi.eu',
        protocol: 'openid',
        accessToken: 'oidc-access',
      },
    );
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.url).toBe(
      'https://cloud.example.org:5000/v3/OS-FEDERATION/identity_providers/egi.eu/protocols/openid/auth',
    );
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer oidc-access');
    expect(unscoped).toEqual({
      token: UNSCOPED_TOKEN,
      expiresAt: new Date('2030-01-01T12:00:00.000Z'),
      identityUrl: 'https://cloud.example.org:5000/v3',
      methods: ['mapped'],
      userId: 'u-fed-1',
      userName: '1234@egi.eu',
    });
  });

  it('a refused access token → KEYSTONE_AUTH_FAILED with the HTTP error as cause', async () => {
    const { fetch } = fakeFetch(() =>
      json(401, {
        error: {
          code: 401,
          message: 'The request you have made requires authentication.',
          title: 'Unauthorized',
        },
      }),
    );
    const error = (await loginWithFederation(
      { fetch },
      {
        authUrl: 'https://k:5000',
        identityProvider: 'egi.eu',
        protocol: 'openid',
        accessToken: 'bad-access-token',
      },
    ).catch((e: unknown) => e)) as OpenStackError;
    expect(error.code).toBe('KEYSTONE_AUTH_FAILED');
    expect(error.status).toBe(401);
    expect((error.cause as OpenStackError).code).toBe('HTTP_UNAUTHORIZED');
    expect(JSON.stringify(error)).not.toContain('bad-access-token');
  });

  // A real site's mod_auth_openidc refuses a bad token with an HTML page; only its challenge
  // says why (seen on Debian's Zed Keystone behind apache, tools/openstack-site).
  it('a token refused by mod_auth_openidc keeps its WWW-Authenticate challenge', async () => {
    const challenge =
      'Bearer error="invalid_token", error_description="JWT token could not be validated"';
    const { fetch } = fakeFetch(
      () =>
        new Response('<html><head><title>401 Unauthorized</title></head></html>', {
          status: 401,
          headers: {
            'content-type': 'text/html; charset=iso-8859-1',
            'www-authenticate': challenge,
          },
        }),
    );
    const error = (await loginWithFederation(
      { fetch },
      { authUrl: 'https://k', identityProvider: 'egi.eu', protocol: 'openid', accessToken: 'x' },
    ).catch((e: unknown) => e)) as OpenStackError;
    expect(error).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED', status: 401 });
    expect(error.headers?.['www-authenticate']).toBe(challenge);
  });

  it('a 201 without X-Subject-Token → INVALID_RESPONSE', async () => {
    const { fetch } = fakeFetch(() => json(201, UNSCOPED_BODY));
    await expect(
      loginWithFederation(
        { fetch },
        { authUrl: 'https://k', identityProvider: 'i', protocol: 'openid', accessToken: 'a' },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});

describe('listAuthProjects', () => {
  it('GETs /v3/auth/projects with the unscoped token', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        projects: [
          {
            id: 'p-fed',
            name: 'vo.example.eu',
            domain_id: 'default',
            enabled: true,
            links: { self: 'x' },
          },
        ],
        links: { self: 'x', previous: null, next: null },
      }),
    );
    const projects = await listAuthProjects(
      { fetch },
      { token: UNSCOPED_TOKEN, identityUrl: 'https://k:5000/v3' },
    );
    expect(calls[0]?.url).toBe('https://k:5000/v3/auth/projects');
    expect(calls[0]?.headers.get('x-auth-token')).toBe(UNSCOPED_TOKEN);
    expect(projects).toEqual([
      {
        id: 'p-fed',
        name: 'vo.example.eu',
        domain_id: 'default',
        enabled: true,
        links: { self: 'x' },
      },
    ]);
  });
});

describe('scopeToProject', () => {
  it('trades the unscoped token for a scoped one with its catalogue', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, SCOPED_BODY, { 'X-Subject-Token': SCOPED_TOKEN }),
    );
    const reauthenticate = vi.fn();
    const auth = await scopeToProject(
      { fetch },
      { token: UNSCOPED_TOKEN, identityUrl: 'https://cloud.example.org:5000/v3' },
      'p-fed',
      { reauthenticate },
    );
    expect(calls[0]?.url).toBe('https://cloud.example.org:5000/v3/auth/tokens');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      auth: {
        identity: { methods: ['token'], token: { id: UNSCOPED_TOKEN } },
        scope: { project: { id: 'p-fed' } },
      },
    });
    expect(auth.token).toBe(SCOPED_TOKEN);
    expect(auth.projectId).toBe('p-fed');
    expect(auth.projectName).toBe('vo.example.eu');
    expect(auth.roles).toEqual(['member', 'reader']);
    expect(auth.expiresAt.toISOString()).toBe('2030-01-01T12:00:00.000Z');
    expect(auth.catalog).toHaveLength(2);
    expect(auth.reauthenticate).toBe(reauthenticate);

    // Endpoint resolution: public interface, then the region asked for.
    expect(createClient({ auth }).endpoint('compute')).toBe(
      'https://cloud.example.org:8774/v2.1/two',
    );
    expect(createClient({ auth, region: 'RegionOne' }).endpoint('compute')).toBe(
      'https://cloud.example.org:8774/v2.1',
    );
    expect(createClient({ auth, region: 'RegionTwo' }).endpoint('compute')).toBe(
      'https://cloud.example.org:8774/v2.1/two',
    );
    await expect(async () => createClient({ auth }).endpoint('network')).rejects.toMatchObject({
      code: 'ENDPOINT_NOT_FOUND',
    });
  });

  it('scopes by project name within a domain', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, SCOPED_BODY, { 'X-Subject-Token': SCOPED_TOKEN }),
    );
    await scopeToProject(
      { fetch },
      { token: UNSCOPED_TOKEN, identityUrl: 'https://k/v3' },
      { name: 'vo.example.eu', domainName: 'Default' },
    );
    expect(JSON.parse(calls[0]?.body ?? '').auth.scope).toEqual({
      project: { name: 'vo.example.eu', domain: { name: 'Default' } },
    });
  });

  it('a token body without expires_at → INVALID_RESPONSE', async () => {
    const { fetch } = fakeFetch(() =>
      json(201, { token: { methods: ['token'] } }, { 'X-Subject-Token': SCOPED_TOKEN }),
    );
    await expect(
      scopeToProject({ fetch }, { token: UNSCOPED_TOKEN, identityUrl: 'https://k/v3' }, 'p'),
    ).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });
});

describe('loginWithPassword', () => {
  it('sends the password method with a project scope and can log in again', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, SCOPED_BODY, { 'X-Subject-Token': SCOPED_TOKEN }),
    );
    const auth = await loginWithPassword(
      { fetch },
      {
        authUrl: 'https://k:5000/v3',
        username: 'admin',
        password: 's3cret-password',
        projectId: 'p-fed',
      },
    );
    expect(calls[0]?.url).toBe('https://k:5000/v3/auth/tokens');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: 'admin', domain: { name: 'Default' }, password: 's3cret-password' },
          },
        },
        scope: { project: { id: 'p-fed' } },
      },
    });
    expect(auth.token).toBe(SCOPED_TOKEN);
    const again = await auth.reauthenticate?.();
    expect(again?.token).toBe(SCOPED_TOKEN);
    expect(calls).toHaveLength(2);
  });

  it('a wrong password → KEYSTONE_AUTH_FAILED and the password never appears', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(401, {
        error: {
          code: 401,
          message: 'The request you have made requires authentication.',
          title: 'Unauthorized',
        },
      }),
    );
    const error = await loginWithPassword(
      { fetch },
      {
        authUrl: 'https://k:5000',
        username: 'admin',
        password: 'wrong-password-1',
        userDomainId: 'default',
        projectName: 'admin',
        projectDomainId: 'default',
      },
    ).catch((e: unknown) => e);
    expect((error as OpenStackError).code).toBe('KEYSTONE_AUTH_FAILED');
    expect(JSON.stringify(error)).not.toContain('wrong-password-1');
    expect(JSON.parse(calls[0]?.body ?? '').auth.scope).toEqual({
      project: { name: 'admin', domain: { id: 'default' } },
    });
    expect(JSON.parse(calls[0]?.body ?? '').auth.identity.password.user.domain).toEqual({
      id: 'default',
    });
  });
});

describe('validateToken / revokeToken', () => {
  it('GET and DELETE /v3/auth/tokens with X-Subject-Token', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.method === 'GET' ? json(200, SCOPED_BODY) : new Response(null, { status: 204 }),
    );
    const info = await validateToken(
      { fetch },
      { identityUrl: 'https://k/v3', token: 'gAAAAABadmin-token', subjectToken: SCOPED_TOKEN },
    );
    expect(info.projectId).toBe('p-fed');
    expect(calls[0]?.headers.get('x-auth-token')).toBe('gAAAAABadmin-token');
    expect(calls[0]?.headers.get('x-subject-token')).toBe(SCOPED_TOKEN);
    await revokeToken({ fetch }, { identityUrl: 'https://k/v3', token: SCOPED_TOKEN });
    expect(calls[1]?.method).toBe('DELETE');
    expect(calls[1]?.headers.get('x-subject-token')).toBe(SCOPED_TOKEN);
  });

  it("validateToken names the token's project domain", async () => {
    const { fetch } = fakeFetch(() => json(200, SCOPED_BODY));
    const info = await validateToken(
      { fetch },
      { identityUrl: 'https://k/v3', token: SCOPED_TOKEN },
    );
    expect(info).toMatchObject({
      projectId: 'p-fed',
      projectName: 'vo.example.eu',
      projectDomainId: 'default',
      projectDomainName: 'Default',
    });
  });

  it('an unknown token → HTTP_NOT_FOUND with the token id redacted from the message', async () => {
    const { fetch } = fakeFetch(() =>
      json(404, {
        error: { code: 404, message: `Could not find token: ${SCOPED_TOKEN}.`, title: 'Not Found' },
      }),
    );
    const error = (await validateToken(
      { fetch },
      { identityUrl: 'https://k/v3', token: 'gAAAAABadmin-token', subjectToken: SCOPED_TOKEN },
    ).catch((e: unknown) => e)) as OpenStackError;
    expect(error.code).toBe('HTTP_NOT_FOUND');
    expect(error.message).not.toContain(SCOPED_TOKEN);
  });
});
