import type { Provider, ResourceServer, TokenEndpointGrantContext } from 'oidc-provider';
import { errors } from './provider.js';
import { authenticate, subFor, userClaims } from './users.js';

export const PASSWORD_GRANT = 'password';

export interface PasswordGrantOptions {
  passwords: Record<string, string>;
  /** The one resource indicator every access token is issued for. */
  resource: string;
  resourceServer: ResourceServer;
  supportedScopes: ReadonlySet<string>;
}

type PasswordParams = { username?: string; password?: string };

/**
 * Resource Owner Password Credentials (RFC 6749 §4.3), which Check-in offers to its CLI clients and
 * oidc-provider leaves to an extension grant. Tokens are the library's own models, so refresh,
 * revocation and introspection treat them like any other.
 */
export function registerPasswordGrant(provider: Provider, options: PasswordGrantOptions): void {
  const handler = async (ctx: TokenEndpointGrantContext<PasswordParams>): Promise<void> => {
    const { client, params } = ctx.oidc;
    if (!params.username || !params.password) {
      throw new errors.InvalidRequest('missing required parameter(s) (username, password)');
    }
    const user = authenticate(options.passwords, params.username, params.password);
    if (!user) throw new errors.InvalidGrant('invalid username or password');

    const requested = params.scope ? params.scope.split(' ').filter(Boolean) : ['openid'];
    const unsupported = requested.filter((scope) => !options.supportedScopes.has(scope));
    if (unsupported.length > 0) {
      throw new errors.InvalidScope('requested scope is not supported', unsupported.join(' '));
    }
    const allowed = client.scope ? new Set(client.scope.split(' ')) : undefined;
    const forbidden = requested.filter((scope) => allowed && !allowed.has(scope));
    if (forbidden.length > 0) {
      throw new errors.InvalidScope('requested scope is not allowed', forbidden.join(' '));
    }
    if (params.resource !== undefined && params.resource !== options.resource) {
      throw new errors.InvalidTarget();
    }
    const scope = [...new Set(requested)].join(' ');
    const accountId = subFor(user.username);

    const grant = new provider.Grant({ accountId, clientId: client.clientId });
    grant.addOIDCScope(scope);
    grant.addResourceScope(options.resource, scope);
    const grantId = await grant.save();
    ctx.oidc.entity('Grant', grant);

    const accessToken = new provider.AccessToken({
      accountId,
      client,
      grantId,
      gty: PASSWORD_GRANT,
      scope,
    });
    accessToken.resourceServer = new provider.ResourceServer(
      options.resource,
      options.resourceServer,
    );
    ctx.oidc.entity('AccessToken', accessToken);
    const accessTokenValue = await accessToken.save();

    let refreshTokenValue: string | undefined;
    if (requested.includes('offline_access') && client.grantTypeAllowed('refresh_token')) {
      const refreshToken = new provider.RefreshToken({
        accountId,
        client,
        grantId,
        gty: PASSWORD_GRANT,
        scope,
        resource: options.resource,
        rotations: 0,
        authTime: Math.floor(Date.now() / 1000),
      });
      ctx.oidc.entity('RefreshToken', refreshToken);
      refreshTokenValue = await refreshToken.save();
    }

    let idTokenValue: string | undefined;
    if (requested.includes('openid')) {
      const idToken = new provider.IdToken({ ...userClaims(user) }, { ctx });
      // The library narrows an ID token's claims to the scope it carries.
      (idToken as unknown as { scope: string }).scope = scope;
      idTokenValue = await idToken.issue({ use: 'idtoken' });
    }

    ctx.body = {
      access_token: accessTokenValue,
      expires_in: accessToken.expiration,
      token_type: accessToken.tokenType,
      scope,
      ...(refreshTokenValue ? { refresh_token: refreshTokenValue } : {}),
      ...(idTokenValue ? { id_token: idTokenValue } : {}),
    };
  };

  provider.registerGrantType(PASSWORD_GRANT, handler, [
    'username',
    'password',
    'scope',
    'resource',
  ]);
}
