import type { Context } from 'hono';
import type { HubContext } from '../context.js';
import { HubError } from '../errors.js';
import { ROLES, type Principal, type Role, type RoleGrant } from './types.js';

/**
 * The caller of a request: anonymous without an Authorization header, else the verified token's
 * subject with its role grants (from the database, plus the configured bootstrap admins).
 * A present but bad token is an error even on public reads, so clients learn of it.
 */
export async function authenticate(ctx: HubContext, c: Context): Promise<Principal> {
  const header = c.req.header('authorization');
  if (!header) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new HubError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  }
  const identity = await ctx.verifier.verify(match[1]);
  const rows = await ctx.database.db
    .selectFrom('role_grants')
    .select(['role', 'target'])
    .where('subject', '=', identity.subject)
    .execute();
  const grants: RoleGrant[] = rows
    .filter((row): row is { role: Role; target: string } =>
      (ROLES as readonly string[]).includes(row.role),
    )
    .map((row) => ({ role: row.role, target: row.target }));
  if (ctx.config.admins.includes(identity.subject)) {
    grants.push({ role: 'federation-admin', target: '' });
  }
  return {
    kind: identity.isClient ? 'client' : 'user',
    subject: identity.subject,
    ...(identity.clientId ? { clientId: identity.clientId } : {}),
    grants,
  };
}
