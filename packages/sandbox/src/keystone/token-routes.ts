import { Hono, type Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import { unauthorized } from './auth.js';
import { authRequestSchema, schemaMessage } from './token-request.js';
import { authenticateIdentity, tokenNotFoundMessage, type Outcome } from './authenticate.js';
import { callerOf, isAdmin } from './caller.js';
import { forbiddenAction, keystoneError } from './errors.js';
import { readJsonObject } from './request.js';
import { resource } from './resource-routes.js';
import { issueToken, lookupToken, revokeToken } from './token-store.js';
import type { TokenRecord } from './token-model.js';
import { resolveScope } from './scope.js';
import { renderToken } from './token-view.js';

/** `?nocatalog` (any value) leaves the catalogue out of the token body. */
function wantsCatalog(c: Context): boolean {
  return c.req.query('nocatalog') === undefined;
}

/** Answers a successful authentication the way Keystone does: 201, token in X-Subject-Token. */
export function tokenCreated(
  site: SiteContext,
  c: Context,
  value: string,
  record: TokenRecord,
): Response {
  c.header('X-Subject-Token', value);
  c.header('Vary', 'X-Auth-Token');
  return c.json(renderToken(site, record, wantsCatalog(c)), 201);
}

function failure(
  site: SiteContext,
  c: Context,
  outcome: Extract<Outcome<unknown>, { ok: false }>,
): Response {
  if (outcome.status === 401) return unauthorized(site, c);
  return keystoneError(c, outcome.status, outcome.message);
}

/**
 * POST (issue), GET (validate), HEAD (check) and DELETE (revoke) /v3/auth/tokens.
 * https://docs.openstack.org/api-ref/identity/v3/#authentication-and-token-management
 */
export function tokenRoutes(site: SiteContext): Hono {
  const app = new Hono();

  const issue = async (c: Context): Promise<Response> => {
    const body = await readJsonObject(c);
    if (!body.ok) return body.response;
    const parsed = authRequestSchema.safeParse(body.value);
    if (!parsed.success) return keystoneError(c, 400, schemaMessage(parsed.error, body.value));
    const { identity, scope } = parsed.data.auth;
    const who = await authenticateIdentity(site, identity);
    if (!who.ok) return failure(site, c, who);
    const scoped = resolveScope(site, who.value, scope);
    if (!scoped.ok) return failure(site, c, scoped);
    const { value, record } = issueToken(site, { ...who.value, ...scoped.value });
    return tokenCreated(site, c, value, record);
  };

  /** The subject token, after the caller's own token and policy have been checked. */
  const subject = (
    c: Context,
    action: string,
  ): { value: string; record: TokenRecord } | Response => {
    const caller = callerOf(site, c);
    if (caller instanceof Response) return caller;
    const value = c.req.header('x-subject-token') ?? '';
    const lookup = lookupToken(site, value);
    if (!lookup.ok) return keystoneError(c, 404, tokenNotFoundMessage(lookup.reason));
    // Default policy: admin, or the subject token belongs to the caller ("token_subject").
    if (!isAdmin(caller) && caller.userId !== lookup.record.userId)
      return forbiddenAction(c, action);
    return { value, record: lookup.record };
  };

  resource(app, '/v3/auth/tokens', {
    POST: issue,
    GET: (c) => {
      const found = subject(c, 'identity:validate_token');
      if (found instanceof Response) return found;
      c.header('X-Subject-Token', found.value);
      c.header('Vary', 'X-Auth-Token');
      return c.json(renderToken(site, found.record, wantsCatalog(c)));
    },
    DELETE: (c) => {
      const found = subject(c, 'identity:revoke_token');
      if (found instanceof Response) return found;
      revokeToken(site, found.value);
      return c.body(null, 204);
    },
  });
  return app;
}
