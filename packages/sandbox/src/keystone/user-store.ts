import type { SiteContext } from '../site/context.js';
import { hashGeneratedPassword, isCurrentHashOf } from './passwords.js';
import { KINDS } from './resource-store.js';
import type { RoleRef } from './token-model.js';
import type {
  RoleAssignment,
  RoleRecord,
  SystemAssignment,
  UserRecord,
  UserVosRecord,
} from './user-model.js';

export function getUser(site: SiteContext, id: string): UserRecord | undefined {
  return site.store.get<UserRecord>(KINDS.user, id);
}

export function assignmentsOf(site: SiteContext, userId: string): RoleAssignment[] {
  return site.store
    .list<RoleAssignment>(KINDS.assignment)
    .filter((assignment) => assignment.user_id === userId);
}

export function rolesOn(site: SiteContext, userId: string, projectId: string): RoleRef[] {
  const assignment = site.store.get<RoleAssignment>(KINDS.assignment, `${userId}:${projectId}`);
  return (assignment?.role_ids ?? []).flatMap((id) => {
    const role = site.store.get<RoleRecord>(KINDS.role, id);
    return role ? [{ id: role.id, name: role.name }] : [];
  });
}

export function getUserVos(site: SiteContext, userId: string): UserVosRecord | undefined {
  return site.store.get<UserVosRecord>(KINDS.userVos, userId);
}

export function systemRolesOf(site: SiteContext, userId: string): RoleRef[] {
  const assignment = site.store.get<SystemAssignment>(KINDS.systemAssignment, userId);
  return (assignment?.role_ids ?? []).flatMap((id) => {
    const role = site.store.get<RoleRecord>(KINDS.role, id);
    return role ? [{ id: role.id, name: role.name }] : [];
  });
}

/**
 * A local user of the Default domain with its password, for the accounts a site bootstraps
 * (admin, fedcloud-agent), whose passwords the sandbox generates. A hash that still matches is
 * kept: re-hashing on every start would change the salt for nothing.
 */
export function upsertLocalUser(
  site: SiteContext,
  user: { id: string; name: string; domainId: string; password: string },
): void {
  const now = site.now();
  site.store.upsert<UserRecord>(
    KINDS.user,
    user.id,
    null,
    {
      id: user.id,
      name: user.name,
      domain_id: user.domainId,
      enabled: true,
      password_expires_at: null,
      options: {},
    },
    now,
  );
  const secret = site.store.get<{ hash: string }>(KINDS.userSecret, user.id);
  if (!secret || !isCurrentHashOf(user.password, secret.hash)) {
    site.store.upsert(
      KINDS.userSecret,
      user.id,
      null,
      { hash: hashGeneratedPassword(user.password) },
      now,
    );
  }
}
