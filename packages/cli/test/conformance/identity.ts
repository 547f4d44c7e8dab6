import { generateKeyPairSync, sign } from 'node:crypto';
import {
  findEndpoint,
  getLimits,
  listAuthProjects,
  loginWithFederation,
  request,
  revokeToken,
  validateToken,
} from '@fedcloud/openstack';
import { listSiteProjects, openSiteSession } from '@fedcloud/sdk';
import { describe, expect, it } from 'vitest';
import { fixedTokens, rejection, VO } from './context.js';
import type { SuiteInfo, Use } from './parts.js';
import { CONFORMANCE_VOS } from './target.js';

/** Keystone OS-FEDERATION login, scoping, catalogue, token expiry and re-authentication. */
export function defineIdentityTests(use: Use, info: SuiteInfo): void {
  const federated = async (accessToken: string, identityProvider?: string) => {
    const { target } = use();
    return loginWithFederation(target.transport, {
      authUrl: target.identityUrl,
      identityProvider: identityProvider ?? target.identityProvider,
      protocol: target.protocol,
      accessToken,
    });
  };

  /** alice's claims, re-signed with the issuer's key, with some changed. */
  const aliceWith = async (changes: Record<string, unknown>) => {
    const { target } = use();
    const now = Math.floor(Date.now() / 1000);
    return target.signToken({
      sub: target.subjectOf('alice'),
      scope: 'openid profile email eduperson_entitlement',
      email: 'alice@example.org',
      eduperson_entitlement: target.entitlementsOf('alice'),
      iat: now,
      exp: now + 600,
      ...changes,
    });
  };

  describe('federation login and scoping', () => {
    it('exchanges an OIDC access token for an unscoped Keystone token of that user', async () => {
      const { target } = use();
      const unscoped = await federated(await target.tokenFor('alice'));
      expect(unscoped.token).toMatch(/^\S{20,}$/);
      expect(unscoped.methods).toEqual([target.protocol]);
      expect(unscoped.userName).toBe(target.subjectOf('alice'));
      expect(unscoped.expiresAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
      const info = await validateToken(target.transport, {
        identityUrl: unscoped.identityUrl,
        token: unscoped.token,
      });
      expect(info.userId).toBe(unscoped.userId);
      // A federated (ephemeral) user: no password expiry, and the groups the mapping chose,
      // one per VO of the site in the token.
      const raw = await request<{ token: { user: Record<string, unknown> } }>(target.transport, {
        url: `${unscoped.identityUrl}/auth/tokens`,
        token: unscoped.token,
        headers: { 'X-Subject-Token': unscoped.token },
        service: 'identity',
      });
      const user = raw.data.token.user;
      expect(user).not.toHaveProperty('password_expires_at');
      expect(user['OS-FEDERATION']).toMatchObject({
        identity_provider: { id: target.identityProvider },
        protocol: { id: target.protocol },
      });
      const groups = (user['OS-FEDERATION'] as { groups: { id: string }[] }).groups;
      expect(groups).toHaveLength(CONFORMANCE_VOS.length);
    });

    it("lists exactly the projects of the token's VOs", async () => {
      const { target } = use();
      const unscoped = await federated(await target.tokenFor('alice'));
      const projects = await listAuthProjects(target.transport, unscoped);
      const ids = projects.map((p) => p.id);
      for (const vo of CONFORMANCE_VOS) expect(ids).toContain(target.projects[vo]);
      expect(ids).not.toContain(await target.admin.projectId());
      const viaSdk = await listSiteProjects(target.site, {
        transport: target.transport,
        tokens: use().tokens('alice'),
      });
      expect(viaSdk.map((p) => p.id).sort()).toEqual([...ids].sort());
    });

    it('scopes to each VO project with the member role', async () => {
      const c = use();
      for (const vo of CONFORMANCE_VOS) {
        const session = await c.session('alice', vo);
        expect(session.projectId).toBe(c.target.projects[vo]);
        expect(session.auth.projectId).toBe(c.target.projects[vo]);
        expect(session.auth.roles).toContain('member');
        expect(session.auth.userId).toBeTruthy();
        const raw = await request<{ token: { methods: string[]; roles: unknown[] } }>(
          c.target.transport,
          {
            url: `${session.auth.identityUrl ?? ''}/auth/tokens`,
            token: session.auth.token,
            headers: { 'X-Subject-Token': session.auth.token },
            service: 'identity',
          },
        );
        // Keystone keeps methods as a set: their order varies from token to token.
        expect([...raw.data.token.methods].sort()).toEqual([c.target.protocol, 'token'].sort());
        // Roles that come through the mapped group are rendered as whole role records.
        expect(raw.data.token.roles).toContainEqual(
          expect.objectContaining({
            name: 'member',
            domain_id: null,
            options: { immutable: true },
          }),
        );
      }
    });

    it("refuses to scope to a project outside the token's VOs", async () => {
      const c = use();
      const adminProject = await c.target.admin.projectId();
      const site = {
        ...c.target.site,
        vos: [{ name: 'admin', projectId: adminProject, extra: {} }],
      };
      const error = await rejection(
        openSiteSession(site, 'admin', {
          transport: c.target.transport,
          tokens: c.tokens('alice'),
        }),
      );
      expect(error).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED' });
      expect(String(error.message)).toContain(`no access to project ${adminProject}`);
      expect(error.cause).toMatchObject({ status: 401 });
    });

    it('refuses users whose entitlements lack the VO (or carry a role other than member)', async () => {
      const c = use();
      for (const [user, vo] of [
        ['carol', VO],
        ['bob', 'training.egi.eu'],
      ] as const) {
        const error = await rejection(
          openSiteSession(c.target.site, vo, {
            transport: c.target.transport,
            tokens: c.tokens(user),
          }),
        );
        expect(error, `${user} ${vo}`).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED' });
        expect(error.cause, `${user} ${vo}`).toMatchObject({ status: 401 });
        // carol has no VO at all: no rule of the site's mapping matches, so Keystone refuses
        // the federated login itself rather than the scoping.
        if (user === 'carol') expect(String(error.message)).toContain('refused the OIDC token');
      }
    });

    it('answers an unknown identity provider with 404', async () => {
      const { target } = use();
      const error = await rejection(federated(await target.tokenFor('alice'), 'no-such-idp'));
      expect(error).toMatchObject({ code: 'HTTP_NOT_FOUND', status: 404 });
      expect(String(error.message)).toContain('Could not find Identity Provider: no-such-idp.');
    });
  });

  describe('catalogue', () => {
    it('has public compute, image, network and identity endpoints for the project', async () => {
      const c = use();
      const { auth } = await c.session();
      const types = auth.catalog.map((entry) => entry.type);
      for (const type of ['compute', 'image', 'network', 'identity']) {
        expect(types).toContain(type);
        expect(findEndpoint(auth.catalog, type, { interface: 'public' })).toMatch(/^https?:\/\//);
      }
      expect(types.includes('volumev3') || types.includes('block-storage')).toBe(
        info.capabilities.volumes,
      );
      const region = c.target.site.region;
      if (region) {
        for (const entry of auth.catalog) {
          for (const endpoint of entry.endpoints) {
            expect(endpoint.region_id ?? endpoint.region).toBe(region);
          }
        }
      }
    });
  });

  describe('token expiry and re-authentication', () => {
    it('re-authenticates through Keystone when the project token was revoked', async () => {
      const c = use();
      const tokens = fixedTokens(await c.target.tokenFor('alice'));
      const session = await openSiteSession(c.target.site, VO, {
        transport: c.target.transport,
        tokens,
      });
      const first = session.client.auth.token;
      await getLimits(session.client);
      await revokeToken(c.target.transport, {
        identityUrl: session.auth.identityUrl ?? c.target.identityUrl,
        token: first,
      });
      const asked = tokens.calls;
      // Keystone itself refuses the revoked token at once; other services may accept it until
      // their keystonemiddleware cache expires (token_cache_time, 300 s by default), so the
      // refusal that triggers the re-authentication is asked of Keystone.
      const projects = await session.client.request<{ projects: { id: string }[] }>(
        'identity',
        '/auth/projects',
      );
      expect(projects.data.projects.map((p) => p.id)).toContain(session.projectId);
      expect(session.client.auth.token).not.toBe(first);
      const limits = await getLimits(session.client);
      expect(limits.absolute).toBeTypeOf('object');
      expect(tokens.calls).toBeGreaterThan(asked);
      const check = await rejection(
        validateToken(c.target.transport, {
          identityUrl: session.auth.identityUrl ?? c.target.identityUrl,
          token: session.client.auth.token,
          subjectToken: first,
        }),
      );
      expect(check).toMatchObject({ status: 404 });
    });

    it('refuses an expired OIDC access token with 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await aliceWith({ iat: now - 7200, exp: now - 3600 });
      const error = await rejection(federated(expired));
      expect(error).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED', status: 401 });
      expect(JSON.stringify(error)).not.toContain(expired);
      // mod_auth_openidc refuses it before Keystone sees it: an RFC 6750 challenge, no JSON.
      expect((error.headers as Record<string, string>)['www-authenticate']).toBe(
        'Bearer error="invalid_token", error_description="JWT token could not be validated"',
      );
    });

    it('refuses a token signed by an unknown key with 401', async () => {
      const { target } = use();
      const now = Math.floor(Date.now() / 1000);
      const forged = selfSignedJwt({
        iss: target.issuerUrl,
        sub: target.subjectOf('alice'),
        eduperson_entitlement: target.entitlementsOf('alice'),
        email: 'alice@example.org',
        iat: now,
        exp: now + 600,
      });
      expect(await rejection(federated(forged))).toMatchObject({
        code: 'KEYSTONE_AUTH_FAILED',
        status: 401,
      });
    });

    it("refuses a token whose issuer is not the identity provider's with 403", async () => {
      const foreign = await aliceWith({ iss: 'https://aai.other-federation.example' });
      const error = await rejection(federated(foreign));
      expect(error).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED', status: 403 });
      expect(error.body).toEqual({
        error: {
          code: 403,
          title: 'Forbidden',
          message: 'You are not authorized to perform the requested action.',
        },
      });
    });

    it('refuses a login without a bearer token, or with an empty one, with 401', async () => {
      const { target } = use();
      const empty = await rejection(federated(''));
      expect(empty).toMatchObject({ code: 'KEYSTONE_AUTH_FAILED', status: 401 });
      expect((empty.headers as Record<string, string>)['www-authenticate']).toMatch(
        /^Bearer error="invalid_token"/,
      );
      const base = target.identityUrl.replace(/\/v3\/?$/, '');
      const none = await rejection(
        request(target.transport, {
          method: 'POST',
          url: `${base}/v3/OS-FEDERATION/identity_providers/${target.identityProvider}/protocols/${target.protocol}/auth`,
          service: 'identity',
        }),
      );
      expect(none).toMatchObject({ code: 'HTTP_UNAUTHORIZED', status: 401 });
      expect((none.headers as Record<string, string>)['www-authenticate']).toBe(
        'Bearer error="invalid_request", error_description="No bearer token found in the request"',
      );
    });
  });
}

/** An RS256 JWT signed with a key nobody trusts. */
function selfSignedJwt(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'at+jwt', kid: 'someone-else' })}.${part(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
}
