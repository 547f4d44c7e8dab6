import { Hono, type Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import { stableKeystoneId } from '../site/ids.js';
import { unauthorized } from './auth.js';
import { tokenCreated } from './auth-tokens.js';
import { callerOf, isAdmin } from './caller.js';
import { forbiddenAction, keystoneError } from './errors.js';
import { collectionLinks, param, resource } from './http.js';
import { verifyAccessToken } from './oidc.js';
import {
  FEDERATED_DOMAIN,
  KINDS,
  type IdentityProviderRecord,
  type ProtocolRecord,
  type UserRecord,
  type UserVosRecord,
} from './records.js';
import { issueToken } from './tokens.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

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
   * Keystone's `…/protocols/{protocol}/auth`, with mod_auth_openidc's bearer check folded in.
   * Unknown IdP/protocol is Keystone's 404; any token problem is the generic 401.
   * https://docs.openstack.org/api-ref/identity/v3-ext/#request-an-unscoped-os-federation-token
   */
  const login = async (c: Context): Promise<Response> => {
    const idpId = param(c, 'idp');
    const protocolId = param(c, 'protocol');
    const idp = idpOf(c, idpId);
    if (idp instanceof Response) return idp;
    const protocol = protocolOf(c, idpId, protocolId);
    if (protocol instanceof Response) return protocol;
    if (!idp.enabled) return unauthorized(site, c);

    const bearer = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    const oidc = bearer ? await verifyAccessToken(site, bearer) : undefined;
    if (!oidc) return unauthorized(site, c);

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
      federation: { identityProvider: idpId, protocol: protocolId, groups: [] },
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
