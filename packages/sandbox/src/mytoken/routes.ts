import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import {
  INSUFFICIENT_CAPABILITIES,
  invalidRequest,
  invalidToken,
  type MytokenError,
  NOT_YET_IMPLEMENTED,
  oidcError,
  UNSUPPORTED_GRANT_TYPE,
  USAGE_RESTRICTED,
} from './errors.js';
import { MYTOKEN_ALG, type MytokenKeys } from './keys.js';
import type { MytokenStore } from './store.js';
import { type MytokenClaims, type Restriction, verifyMytoken } from './token.js';

/** What the routes of the emulated mytoken server are given. */
export interface MytokenServices {
  /** The server's own URL: its `issuer`, and the `iss` and `aud` of its tokens. */
  url: string;
  oidcIssuer: string;
  /** The scopes the server asks the provider for when the mytoken restricts none. */
  scopes: string[];
  keys: MytokenKeys;
  store: MytokenStore;
  /** A fresh access token of the user, from the OpenID provider. */
  accessToken(username: string, scope: string): Promise<string>;
  /** Seconds since the epoch. */
  now(): number;
}

const API = '/api/v0';

/** api.AllGrantTypes, plus "refresh_token", which the server reads as "mytoken". */
const GRANT_TYPES = ['mytoken', 'oidc_flow', 'polling_code', 'transfer_code', 'ssh'];

const RESTRICTION_CLAIMS = [
  'nbf',
  'exp',
  'scope',
  'audience',
  'hosts',
  'geoip_allow',
  'geoip_disallow',
  'usages_AT',
  'usages_other',
];

const accessRequestSchema = z
  .object({
    grant_type: z.string().optional(),
    mytoken: z.string().optional(),
    refresh_token: z.string().optional(),
    oidc_issuer: z.string().optional(),
    issuer: z.string().optional(),
    scope: z.string().optional(),
    audience: z.string().optional(),
    comment: z.string().optional(),
  })
  .passthrough();

const revokeRequestSchema = z
  .object({
    token: z.string().optional(),
    mom_id: z.string().optional(),
    recursive: z.boolean().optional(),
    oidc_issuer: z.string().optional(),
  })
  .passthrough();

/**
 * The part of a mytoken server (https://mytoken-docs.data.kit.edu) clients use once they hold a
 * mytoken: discovery, access tokens for it, revocation; and the JWKS its tokens are signed with.
 */
export function mytokenRoutes(services: MytokenServices): Hono {
  const app = new Hono();
  const { url } = services;

  app.get('/.well-known/mytoken-configuration', (c) =>
    c.json({
      issuer: url,
      access_token_endpoint: `${url}${API}/token/access`,
      mytoken_endpoint: `${url}${API}/token/my`,
      revocation_endpoint: `${url}${API}/token/revoke`,
      usersettings_endpoint: `${url}${API}/settings`,
      jwks_uri: `${url}/jwks`,
      providers_supported: [
        {
          issuer: services.oidcIssuer,
          name: 'EGI Check-in (sandbox)',
          scopes_supported: services.scopes,
        },
      ],
      token_signing_alg_value: MYTOKEN_ALG,
      access_token_endpoint_grant_types_supported: ['mytoken'],
      mytoken_endpoint_grant_types_supported: ['oidc_flow', 'mytoken'],
      mytoken_endpoint_oidc_flows_supported: ['authorization_code'],
      response_types_supported: ['token'],
      restriction_claims_supported: RESTRICTION_CLAIMS,
      token_endpoint: `${url}${API}/token/access`,
    }),
  );
  app.get('/jwks', (c) => c.json({ keys: [services.keys.publicJwk] }));
  app.post(`${API}/token/access`, (c) => accessToken(c, services));
  app.post(`${API}/token/revoke`, (c) => revoke(c, services));
  // New mytokens come from an OIDC flow in a browser, which the sandbox leaves out: it mints them
  // itself (Sandbox.mintMytoken, `fedcloud-sandbox mytoken`).
  app.post(`${API}/token/my`, (c) => c.json(NOT_YET_IMPLEMENTED, 501));
  return app;
}

function fail(c: Context, status: 400 | 401 | 403 | 501, body: MytokenError): Response {
  return c.json(body, status);
}

/** fiber's BodyParser: JSON, or a form; an unparsable body is the client's error. */
async function readBody(
  c: Context,
): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = await c.req.text();
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (type.endsWith('json')) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
  return { ok: false, error: 'Unprocessable Entity' };
}

/** ctxutils.GetMytoken: a mytoken may also come as a Bearer token or the `mytoken` cookie. */
function mytokenOf(c: Context, ...given: (string | undefined)[]): string {
  for (const value of given) if (value) return value;
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
  return bearer?.[1]?.trim() ?? getCookie(c, 'mytoken') ?? '';
}

/**
 * POST /api/v0/token/access {grant_type: "mytoken", mytoken, scope?}: an access token of the
 * mytoken's user, in the server's order of checks (access token endpoint, auther.go): grant type,
 * token validity, revocation, capability, restrictions, issuer.
 */
async function accessToken(c: Context, services: MytokenServices): Promise<Response> {
  const body = await readBody(c);
  if (!body.ok) return fail(c, 400, invalidRequest(body.error));
  const parsed = accessRequestSchema.safeParse(body.value);
  if (!parsed.success) return fail(c, 400, invalidRequest(parsed.error.issues[0]!.message));
  const request = parsed.data;
  if (request.grant_type === undefined) return fail(c, 400, UNSUPPORTED_GRANT_TYPE);
  if (request.grant_type !== 'refresh_token' && !GRANT_TYPES.includes(request.grant_type)) {
    return fail(c, 400, invalidRequest(`value '${request.grant_type}' not valid for GrantType`));
  }
  if (request.grant_type !== 'mytoken' && request.grant_type !== 'refresh_token') {
    return fail(c, 400, UNSUPPORTED_GRANT_TYPE);
  }
  const token = mytokenOf(c, request.mytoken, request.refresh_token);
  if (!token) return fail(c, 401, invalidToken('no mytoken found in request'));
  const now = services.now();
  const verified = await verifyMytoken(token, services.keys, services.url, now);
  if (!verified.ok) return fail(c, 401, invalidToken(verified.message));
  const { claims } = verified;
  const row = services.store.find(claims.jti, token);
  // A revoked token: the server says no more than that.
  if (!row) return fail(c, 401, invalidToken());
  if (!claims.capabilities.includes('AT')) return fail(c, 403, INSUFFICIENT_CAPABILITIES);

  const asked = (request.scope ?? '').split(' ').filter(Boolean);
  const usable = usableRestrictions(claims, row.atUsed, asked, now);
  if (usable === null) return fail(c, 403, USAGE_RESTRICTED);
  const issuer = request.oidc_issuer || request.issuer || claims.oidc_iss;
  if (issuer !== claims.oidc_iss)
    return fail(c, 400, invalidRequest('token not for specified issuer'));

  // Without restrictions the server asks for all its scopes; with one, the asked ones or the
  // restriction's (parseScopesAndAudienceToUse).
  const scope =
    usable === undefined
      ? services.scopes.join(' ')
      : request.scope || usable.scope || services.scopes.join(' ');
  let accessToken: string;
  try {
    accessToken = await services.accessToken(row.username, scope);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [, oidc = 'server_error', description = message] =
      /refused a token for [^:]+: (\S+) ?(.*)$/.exec(message) ?? [];
    return fail(c, 400, oidcError(oidc, description));
  }
  if (usable !== undefined) services.store.countAccessToken(row.id);
  const at = decodeJwt(accessToken);
  const audience = typeof at.aud === 'string' ? [at.aud] : (at.aud ?? []);
  return c.json({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: typeof at.exp === 'number' ? Math.max(0, at.exp - Math.floor(now)) : 0,
    scope: typeof at.scope === 'string' && at.scope ? at.scope : scope,
    ...(audience.length > 0 ? { audience } : {}),
  });
}

/**
 * undefined: the token has no restrictions; null: none of them allows this access token now;
 * else the first that does (Restrictions.GetValidForAT, WithScopes).
 */
function usableRestrictions(
  claims: MytokenClaims,
  atUsed: number,
  scopes: string[],
  now: number,
): Restriction | undefined | null {
  const restrictions = claims.restrictions ?? [];
  if (restrictions.length === 0) return undefined;
  const usable = restrictions.find((r) => {
    if (r.nbf !== undefined && r.nbf !== 0 && now < r.nbf) return false;
    if (r.exp !== undefined && r.exp !== 0 && now > r.exp) return false;
    if (r.usages_AT !== undefined && atUsed >= r.usages_AT) return false;
    const allowed = (r.scope ?? '').split(' ').filter(Boolean);
    return allowed.length === 0 || scopes.every((s) => allowed.includes(s));
  });
  return usable ?? null;
}

/**
 * POST /api/v0/token/revoke {token}: 204 also for a token that is not (or no longer) valid, as
 * the real server answers.
 */
async function revoke(c: Context, services: MytokenServices): Promise<Response> {
  const body = await readBody(c);
  if (!body.ok) return fail(c, 400, invalidRequest(body.error));
  const parsed = revokeRequestSchema.safeParse(body.value);
  if (!parsed.success) return fail(c, 400, invalidRequest(parsed.error.issues[0]!.message));
  const token = parsed.data.token || getCookie(c, 'mytoken') || '';
  if (!token) return fail(c, 400, invalidRequest('no token given'));
  if (parsed.data.mom_id) return fail(c, 501, NOT_YET_IMPLEMENTED);
  const verified = await verifyMytoken(token, services.keys, services.url, services.now());
  if (!verified.ok) return c.body(null, 204);
  if (parsed.data.oidc_issuer && parsed.data.oidc_issuer !== verified.claims.oidc_iss) {
    return fail(c, 400, invalidRequest('token not for specified issuer'));
  }
  services.store.revoke(verified.claims.jti);
  return c.body(null, 204);
}
