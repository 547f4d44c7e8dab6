import type { IncomingMessage, ServerResponse } from 'node:http';
import { importJWK, SignJWT } from 'jose';
import type { ClientMetadata, Configuration, ResourceServer } from 'oidc-provider';
import { errors, Provider } from './provider.js';
import type { Db } from '../store/db.js';
import { sqliteAdapter } from './adapter.js';
import { sendJson } from './http.js';
import { providerPages } from './pages.js';
import { interactionRoutes } from './interactions.js';
import { loadCookieKeys, loadSigningKey, publicPart } from './keys.js';
import { PASSWORD_GRANT, registerPasswordGrant } from './password-grant.js';
import { publicClientBasicAuth } from './public-client-basic.js';
import { userinfoResponder } from './userinfo.js';
import { claimsForScopes, userBySub, userClaims } from './users.js';

export const CLI_CLIENT_ID = 'fedcloud-cli';

export interface MachineClient {
  clientId: string;
  clientSecret: string;
  scope?: string;
}

export interface IssuerOptions {
  /** e.g. https://127.0.0.1:7443 (no trailing slash); every endpoint lives under it. */
  issuer: string;
  /** Provider models and the signing key live here, so a restart keeps tokens valid. */
  db: Db;
  /** username -> password; the caller generates and persists them. */
  userPasswords: Record<string, string>;
  /** Confidential clients for client_credentials (site agents). */
  machineClients?: MachineClient[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** JWT `aud`, default 'fedcloud'. */
  audience?: string;
}

export interface Issuer {
  issuer: string;
  jwksUri: string;
  userinfoEndpoint: string;
  tokenEndpoint: string;
  deviceAuthorizationEndpoint: string;
  /** Node request listener to mount on the caller's HTTPS (or HTTP) server. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Signs a JWT access token with the issuer's real key and arbitrary claims — for tests of expired / foreign tokens only; never exposed over HTTP. */
  signAccessTokenForTests(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** Check-in runs on Keycloak; its endpoint paths are mirrored so URLs look familiar in logs. */
const ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  device_authorization: '/protocol/openid-connect/auth/device',
  code_verification: '/device',
  token: '/protocol/openid-connect/token',
  introspection: '/protocol/openid-connect/token/introspect',
  revocation: '/protocol/openid-connect/revoke',
  userinfo: '/protocol/openid-connect/userinfo',
  jwks: '/protocol/openid-connect/certs',
  end_session: '/protocol/openid-connect/logout',
} as const;

const OIDC_SCOPES = ['openid', 'profile', 'email', 'eduperson_entitlement', 'offline_access'];
const DAY = 24 * 60 * 60;
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export async function createIssuer(options: IssuerOptions): Promise<Issuer> {
  const issuer = options.issuer.replace(/\/+$/, '');
  const base = new URL(issuer);
  const prefix = base.pathname.replace(/\/+$/, '');
  const audience = options.audience ?? 'fedcloud';
  const accessTokenTtl = options.accessTokenTtlSeconds ?? 3600;
  const machineClients = options.machineClients ?? [];

  // Resource indicators must be absolute URIs; the audience need not be one.
  const resource = URL.canParse(audience) ? audience : `urn:${audience}`;
  const extraScopes = machineClients.flatMap((client) => client.scope?.split(' ') ?? []);
  const resourceServer: ResourceServer = {
    scope: [...new Set([...OIDC_SCOPES, ...extraScopes])].filter(Boolean).join(' '),
    audience,
    accessTokenTTL: accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };

  const signingKey = await loadSigningKey(options.db);
  const publicKey = publicPart(signingKey);

  const clients: ClientMetadata[] = [
    {
      client_id: CLI_CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: [PASSWORD_GRANT, 'refresh_token', 'authorization_code', DEVICE_CODE_GRANT],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
    },
    ...machineClients.map((client): ClientMetadata => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      ...(client.scope ? { scope: client.scope } : {}),
    })),
  ];

  const configuration: Configuration = {
    adapter: sqliteAdapter(options.db),
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: loadCookieKeys(options.db) },
    routes: ROUTES,
    scopes: OIDC_SCOPES,
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      eduperson_entitlement: ['eduperson_entitlement'],
    },
    // Check-in (Keycloak) also puts the granted user claims into its JWT access tokens. A real
    // site's mod_auth_openidc, validating the bearer token as an OAuth 2.0 resource server, sees
    // only those claims: Keystone's mapping needs eduperson_entitlement (and email) from there.
    extraTokenClaims: (_ctx, token) => accessTokenClaims(token),
    findAccount: (_ctx, sub) => {
      const user = userBySub(sub);
      return user && { accountId: sub, claims: () => ({ ...userClaims(user), sub }) };
    },
    interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: providerPages.userCodeInput,
        userCodeConfirmSource: providerPages.userCodeConfirm,
        successSource: providerPages.deviceSuccess,
      },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // Confidential clients (site agents) may inspect any token; the public CLI only its own.
        allowedPolicy: (ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client?.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: providerPages.logout,
        postLogoutSuccessSource: providerPages.postLogout,
      },
      resourceIndicators: {
        enabled: true,
        // Clients never send `resource`; Check-in's tokens are JWTs for one audience regardless.
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
    },
    // Keycloak (hence Check-in) gives every code-flow login a refresh token, offline_access or not.
    issueRefreshToken: (_ctx, client, source) =>
      client.grantTypeAllowed('refresh_token') &&
      (source.scopes.has('offline_access') || source.kind === 'AuthorizationCode'),
    renderError: providerPages.error,
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: accessTokenTtl,
      Interaction: 3600,
      Session: 14 * DAY,
      // Check-in's offline refresh tokens last about 13 months; the grant must outlive them.
      RefreshToken: 395 * DAY,
      Grant: 400 * DAY,
    },
  };

  const provider = new Provider(issuer, configuration);
  // Generated URLs and cookie flags follow the issuer URL we force below, not the raw socket.
  provider.proxy = true;
  registerPasswordGrant(provider, {
    passwords: options.userPasswords,
    resource,
    resourceServer,
    supportedScopes: new Set(OIDC_SCOPES),
  });
  provider.on('server_error', (_ctx, error) => {
    console.error('oidc issuer: server error:', error.message);
  });

  const callback = provider.callback();
  // oidc-provider rejects resource-bound tokens at userinfo; Check-in accepts its JWT access tokens there.
  const userinfo = userinfoResponder(issuer, publicKey);
  const interactions = interactionRoutes(provider, prefix, options.userPasswords);
  const userinfoPath = `${prefix}${ROUTES.userinfo}`;
  const publicClients = new Set(
    clients
      .filter((client) => client.token_endpoint_auth_method === 'none')
      .map((client) => client.client_id),
  );
  let closed = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (closed) {
      sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'issuer closed' });
      return;
    }
    for (const header of [
      'forwarded',
      'x-forwarded-for',
      'x-forwarded-host',
      'x-forwarded-proto',
    ]) {
      delete req.headers[header];
    }
    req.headers.host = base.host;
    req.headers['x-forwarded-proto'] = base.protocol.slice(0, -1);

    const url = req.url ?? '/';
    const pathname = new URL(url, base).pathname;
    if (prefix && pathname !== prefix && !pathname.startsWith(`${prefix}/`)) {
      sendJson(res, 404, { error: 'invalid_request', error_description: 'unrecognized route' });
      return;
    }
    if (pathname === userinfoPath && (await userinfo(req, res))) return;
    if (await interactions(req, res, pathname)) return;
    if (await publicClientBasicAuth(req, res, publicClients)) return;
    if (prefix) {
      // The provider works out its mount point from originalUrl, as it would under express.
      Object.assign(req, { originalUrl: url });
      req.url = url.slice(prefix.length) || '/';
    }
    await callback(req, res);
  };

  const privateKey = await importJWK(signingKey, 'RS256');

  return {
    issuer,
    jwksUri: `${issuer}${ROUTES.jwks}`,
    userinfoEndpoint: `${issuer}${ROUTES.userinfo}`,
    tokenEndpoint: `${issuer}${ROUTES.token}`,
    deviceAuthorizationEndpoint: `${issuer}${ROUTES.device_authorization}`,
    handler: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        console.error(
          'oidc issuer: request failed:',
          error instanceof Error ? error.message : error,
        );
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
        else res.destroy();
      });
    },
    async signAccessTokenForTests(claims) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        iss: issuer,
        aud: audience,
        iat: now,
        exp: now + accessTokenTtl,
        jti: crypto.randomUUID(),
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: signingKey.kid })
        .sign(privateKey);
    },
    async close() {
      closed = true;
      provider.removeAllListeners();
    },
  };
}

/** A user's access token carries the claims its scopes release; a client's own token none. */
function accessTokenClaims(token: {
  accountId?: string;
  scope?: string;
}): Record<string, unknown> | undefined {
  const user = token.accountId === undefined ? undefined : userBySub(token.accountId);
  if (!user) return undefined;
  const { sub: _sub, ...claims } = claimsForScopes(user, token.scope?.split(' ') ?? []);
  return claims;
}
