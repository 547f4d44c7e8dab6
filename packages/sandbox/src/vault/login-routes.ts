import { z } from 'zod';
import type { OpenRoute, VaultServices } from './context.js';
import { decodeErrors, vaultString } from './fields.js';
import { validateLoginJwt } from './jwt-login.js';
import { envelope, failure, type VaultReply } from './reply.js';
import type { LogicalRequest } from './request.js';
import { calculateTtl } from './ttl.js';
import { httpAuth, sanitizePolicies } from './token-view.js';

const loginSchema = z.object({
  role: vaultString.optional(),
  jwt: vaultString.optional(),
});

/**
 * POST /v1/auth/jwt/login {role, jwt}: the JWT auth method's login, as fedcloudclient and hvac's
 * `auth.jwt.jwt_login` call it (role "" is the default role). Answers an orphan service token of
 * the role's policies, for the entity of the JWT's `sub`.
 * https://developer.hashicorp.com/vault/api-docs/auth/jwt#jwt-login
 */
export const loginRoute: OpenRoute = {
  matches: (request) => request.path === 'auth/jwt/login',
  handle: login,
};

async function login(request: LogicalRequest, services: VaultServices): Promise<VaultReply> {
  if (request.operation !== 'update') return failure(405);
  const parsed = loginSchema.safeParse(request.data ?? {});
  if (!parsed.success) return failure(400, decodeErrors(parsed.error));
  const { jwt: config } = services;
  const roleName = parsed.data.role || config.defaultRole;
  if (!roleName) return failure(400, 'missing role');
  const role = Object.hasOwn(config.roles, roleName) ? config.roles[roleName] : undefined;
  if (!role) return failure(400, `role ${JSON.stringify(roleName)} could not be found`);
  const jwt = parsed.data.jwt ?? '';
  if (jwt === '') return failure(400, 'missing token');

  const now = services.now();
  const outcome = await validateLoginJwt(jwt, config, role, now);
  if (!outcome.ok) return failure(400, outcome.message);

  services.tokens.sweep();
  const ttl = calculateTtl({
    increment: 0,
    backendTtl: role.tokenTtl,
    period: 0,
    backendMaxTtl: role.tokenMaxTtl,
    explicitMaxTtl: 0,
    startTime: now,
    now,
  });
  if ('error' in ttl) return failure(400, ttl.error);
  const { token, stored } = services.tokens.create({
    parent: null,
    policies: sanitizePolicies(role.tokenPolicies, true),
    meta: { role: roleName },
    // The core prefixes the auth mount to the alias: "jwt-<sub>".
    displayName: `jwt-${outcome.user}`,
    path: 'auth/jwt/login',
    numUses: 0,
    ttl: ttl.ttl,
    explicitMaxTtl: 0,
    period: 0,
    renewable: true,
    entityId: services.entityId(outcome.user),
    alias: outcome.user,
    role: roleName,
  });
  return envelope({
    auth: httpAuth(token, stored.entry, ttl.ttl),
    warnings: ttl.warnings,
    mountType: 'jwt',
  });
}
