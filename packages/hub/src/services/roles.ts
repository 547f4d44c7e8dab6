import type { RoleGrantEntry } from '../api-types.js';
import { ROLES, type Role } from '../auth/types.js';
import type { HubDb, RoleGrantRow } from '../db/tables.js';
import { HubError } from '../errors.js';
import { insertUnique } from './db-errors.js';

export interface GrantRequest {
  subject: string;
  role: string;
  target?: string | undefined;
}

function toEntry(row: RoleGrantRow): RoleGrantEntry {
  return {
    id: row.id,
    subject: row.subject,
    role: row.role as Role,
    target: row.target,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Checks role and target together: federation-admin is global, the others name a site or VO. */
export function normaliseGrant(request: GrantRequest): {
  subject: string;
  role: Role;
  target: string;
} {
  const subject = request.subject.trim();
  if (!subject) throw new HubError('BAD_REQUEST', 'the subject must not be empty');
  if (!(ROLES as readonly string[]).includes(request.role)) {
    throw new HubError(
      'BAD_REQUEST',
      `unknown role ${request.role}; roles are ${ROLES.join(', ')}`,
    );
  }
  const role = request.role as Role;
  const target = (request.target ?? '').trim();
  if (role === 'federation-admin' && target !== '') {
    throw new HubError('BAD_REQUEST', 'federation-admin is global and takes no target');
  }
  if (role !== 'federation-admin' && target === '') {
    const what = role === 'vo-manager' ? 'a VO name' : 'a site name';
    throw new HubError('BAD_REQUEST', `${role} needs a target: ${what}`);
  }
  return { subject, role, target };
}

export async function listGrants(db: HubDb, subject?: string): Promise<RoleGrantEntry[]> {
  let query = db.selectFrom('role_grants').selectAll();
  if (subject !== undefined) query = query.where('subject', '=', subject);
  const rows = await query.orderBy('id').execute();
  return rows.map(toEntry);
}

export async function grantRole(
  db: HubDb,
  request: GrantRequest,
  createdBy: string,
  now: Date,
): Promise<RoleGrantEntry> {
  const grant = normaliseGrant(request);
  const conflict = () =>
    new HubError(
      'CONFLICT',
      `${grant.subject} already has ${grant.role}${grant.target ? ` of ${grant.target}` : ''}`,
      grant,
    );
  const row = await insertUnique(
    () =>
      db
        .selectFrom('role_grants')
        .select('id')
        .where('subject', '=', grant.subject)
        .where('role', '=', grant.role)
        .where('target', '=', grant.target)
        .executeTakeFirst(),
    () =>
      db
        .insertInto('role_grants')
        .values({ ...grant, created_at: now.toISOString(), created_by: createdBy })
        .returningAll()
        .executeTakeFirstOrThrow(),
    conflict,
  );
  return toEntry(row);
}

export async function revokeGrantById(db: HubDb, id: number): Promise<RoleGrantEntry> {
  const row = await db
    .selectFrom('role_grants')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HubError('NOT_FOUND', `no role grant with id ${id}`, { id });
  await db.deleteFrom('role_grants').where('id', '=', id).execute();
  return toEntry(row);
}

export async function revokeGrant(db: HubDb, request: GrantRequest): Promise<RoleGrantEntry> {
  const grant = normaliseGrant(request);
  const row = await db
    .selectFrom('role_grants')
    .selectAll()
    .where('subject', '=', grant.subject)
    .where('role', '=', grant.role)
    .where('target', '=', grant.target)
    .executeTakeFirst();
  if (!row) {
    throw new HubError(
      'NOT_FOUND',
      `${grant.subject} has no ${grant.role}${grant.target ? ` of ${grant.target}` : ''}`,
      grant,
    );
  }
  await db.deleteFrom('role_grants').where('id', '=', row.id).execute();
  return toEntry(row);
}
