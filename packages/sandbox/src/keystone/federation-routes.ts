import { Hono, type Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import { stableKeystoneId } from '../site/ids.js';
import { unauthorized } from './auth.js';
import { tokenCreated } from './token-routes.js';
import { callerOf, isAdmin } from './caller.js';
import { FORBIDDEN, forbiddenAction, keystoneError } from './errors.js';
import { collectionLinks } from './resource-view.js';
import { param } from './request.js';
import { resource } from './resource-routes.js';
import { FEDERATED_DOMAIN } from './project-model.js';
import { KINDS } from './resource-store.js';
import type { IdentityProviderRecord, ProtocolRecord } from './federation-model.js';
import type { UserRecord, UserVosRecord } from './user-model.js';
import { issueToken } from './token-store.js';
import { verifyAccessToken, type OidcIdentity } from './oidc.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Protocols registered at the site: apache puts mod_auth_openidc in front of their auth path. */
function guardedProtocols(site: SiteContext): Set<string> {
  return new Set(site.store.list<ProtocolRecord>(KINDS.protocol).map((p) => p.id));
}

/**
 * mod_auth_openidc's refusal (OAuth 2.0 resource server): apache's stock 401 page and an RFC 6750
 * challenge; Keystone never sees the request.
 */
function bearerRefused(c: Context, error: string, description: string): Response {
  c.header('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`);
  return c.html(APACHE_401, 401, { 'Content-Type': 'text/html; charset=iso-8859-1' });
}

const APACHE_401 = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html><head>
<title>401 Unauthorized</title>
</head><body>
<h1>Unauthorized</h1>
<p>This server could not verify that you
are authorized to access the document
requested.  Either you supplied the wrong
credentials (e.g., bad password), or your
browser doesn't understand how to supply
the credentials required.</p>
</body></html>
`;

/**
 * OS-FEDERATION: the OIDC login (what `v3oidcaccesstoken` in keystoneauth calls) and the identity
 * provider reads. https://docs.openstack.org/api-ref/identity/v3-ext/#os-federation-api
 */
export function federationRoutes(site: SiteContext): Hono {
  const app = new Hono();
  const base = `${site.baseUrl}/v3/OS-FEDERATION/identity_providers`;

  const idpOf = (c: Context, idpId: string): IdentityProviderRecord | Response =>
    site.store.get<IdentityProviderRecord>(KINDS.identityProvider, idpId) ??
    keystoneError(c, 404, `Could not find Identity Provider: ${idpId}.`);

  const protocolOf = (c: Context, idpId: string, protocolId: string): ProtocolRecord | Response =>
    site.store.get<ProtocolRecord>(KINDS.protocol, `${idpId}:${protocolId}`) ??
    keystoneError(
      c,
      404,
      `Could not find federated protocol ${protocolId} for Identity Provider: ${idpId}.`,
    );

  /**
   * Keystone's `…/protocols/{protocol}/auth` behind mod_auth_openidc, as a real site answers it:
   * - apache guards the auth path of the protocols it is configured for, so the bearer token is
   *   checked first (signature, expiry), and a bad one gets mod_auth_openidc's own 401 (HTML);
   * - then Keystone: unknown IdP/protocol 404; a token whose `iss` is not among the IdP's
   *   remote_ids 403; a user the mapping gives no group (no entitlement of a VO of this site) 401.
   * https://docs.openstack.org/api-ref/identity/v3-ext/#request-an-unscoped-os-federation-token
   */
  const login = async (c: Context): Promise<Response> => {
    const idpId = param(c, 'idp');
    const protocolId = param(c, 'protocol');
    let oidc: OidcIdentity | undefined;
    if (guardedProtocols(site).has(protocolId)) {
      // mod_auth_openidc: no `Bearer` credentials at all is a bad request; an empty or bad token
      // is an invalid one.
      const authorization = c.req.header('authorization') ?? '';
      if (!/^Bearer(\s|$)/i.test(authorization.trim())) {
        return bearerRefused(c, 'invalid_request', 'No bearer token found in the request');
      }
      const bearer = BEARER.exec(authorization)?.[1];
      oidc = bearer ? await verifyAccessToken(site, bearer) : undefined;
      if (!oidc) return bearerRefused(c, 'invalid_token', 'JWT token could not be validated');
    }
    const idp = idpOf(c, idpId);
    if (idp instanceof Response) return idp;
    const protocol = protocolOf(c, idpId, protocolId);
    if (protocol instanceof Response) return protocol;
    if (!idp.enabled || !oidc) return unauthorized(site, c);
    if (!idp.remote_ids.includes(oidc.iss)) return keystoneError(c, 403, FORBIDDEN);
    // The site's mapping has one rule per VO it supports: no matching entitlement, no user.
    const siteVos = new Set(site.spec.vos.map((v) => v.vo));
    if (!oidc.vos.some((vo) => siteVos.has(vo))) return unauthorized(site, c);

    // The shadow user Keystone creates on first login (id derived from IdP + unique id).
    const userId = stableKeystoneId(idpId, oidc.sub);
    const now = site.now();
    site.store.upsert<UserRecord>(
      KINDS.user,
      userId,
      null,
      {
        id: userId,
        name: oidc.sub,
        domain_id: FEDERATED_DOMAIN.id,
        enabled: true,
        password_expires_at: null,
        options: {},
        federated: [
          { idp_id: idpId, protocols: [{ protocol_id: protocolId, unique_id: oidc.sub }] },
        ],
      },
      now,
    );
    site.store.upsert<UserVosRecord>(
      KINDS.userVos,
      userId,
      null,
      { vos: oidc.vos, idp: idpId, protocol: protocolId },
      now,
    );

    const { value, record } = issueToken(site, {
      methods: [protocolId],
      userId,
      userName: oidc.sub,
      domainId: FEDERATED_DOMAIN.id,
      domainName: FEDERATED_DOMAIN.name,
      // The groups the mapping put the user in: one per VO of the site that the token carries.
      federation: {
        identityProvider: idpId,
        protocol: protocolId,
        groups: oidc.vos
          .filter((vo) => siteVos.has(vo))
          .map((vo) => stableKeystoneId(site.spec.name, 'group', vo)),
      },
      vos: oidc.vos,
    });
    return tokenCreated(site, c, value, record);
  };

  resource(app, '/v3/OS-FEDERATION/identity_providers/:idp/protocols/:protocol/auth', {
    GET: login,
    POST: login,
  });

  /** Admin reads; policy first only after the caller's token is known to be valid. */
  const admin = (c: Context, action: string): Response | undefined => {
    const caller = callerOf(site, c);
    if (caller instanceof Response) return caller;
    return isAdmin(caller) ? undefined : forbiddenAction(c, action);
  };
  const renderIdp = (idp: IdentityProviderRecord) => ({
    ...idp,
    links: { self: `${base}/${idp.id}`, protocols: `${base}/${idp.id}/protocols` },
  });
  const renderProtocol = ({ idp_id, ...protocol }: ProtocolRecord) => ({
    ...protocol,
    links: {
      self: `${base}/${idp_id}/protocols/${protocol.id}`,
      identity_provider: `${base}/${idp_id}`,
    },
  });

  resource(app, '/v3/OS-FEDERATION/identity_providers', {
    GET: (c) =>
      admin(c, 'identity:list_identity_providers') ??
      c.json({
        identity_providers: site.store
          .list<IdentityProviderRecord>(KINDS.identityProvider)
          .map(renderIdp),
        links: collectionLinks(site, c),
      }),
  });
  resource(app, '/v3/OS-FEDERATION/identity_providers/:idp', {
    GET: (c) => {
      const denied = admin(c, 'identity:get_identity_provider');
      if (denied) return denied;
      const idp = idpOf(c, param(c, 'idp'));
      return idp instanceof Response ? idp : c.json({ identity_provider: renderIdp(idp) });
    },
  });
  resource(app, '/v3/OS-FEDERATION/identity_providers/:idp/protocols', {
    GET: (c) => {
      const denied = admin(c, 'identity:list_protocols');
      if (denied) return denied;
      const idp = idpOf(c, param(c, 'idp'));
      if (idp instanceof Response) return idp;
      const protocols = site.store
        .list<ProtocolRecord>(KINDS.protocol)
        .filter((p) => p.idp_id === idp.id)
        .map(renderProtocol);
      return c.json({ protocols, links: collectionLinks(site, c) });
    },
  });
  resource(app, '/v3/OS-FEDERATION/identity_providers/:idp/protocols/:protocol', {
    GET: (c) => {
      const denied = admin(c, 'identity:get_protocol');
      if (denied) return denied;
      const protocol = protocolOf(c, param(c, 'idp'), param(c, 'protocol'));
      return protocol instanceof Response
        ? protocol
        : c.json({ protocol: renderProtocol(protocol) });
    },
  });
  return app;
}
