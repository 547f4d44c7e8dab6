import type { SiteContext } from '../site/context.js';
import { rolesFor } from './access.js';
import type { AuthRequest, ProjectScopeRef } from './token-request.js';
import type { Authenticated, Outcome } from './authenticate.js';
import { AUTH_REQUIRED, expectingToFind } from './errors.js';
import { findDomain, getProject, listProjects } from './project-store.js';
import { systemRolesOf } from './user-store.js';
import type { ProjectRecord } from './project-model.js';
import type { RoleRef } from './token-model.js';

export interface Scope {
  projectId?: string;
  /** System scope (`{"system": {"all": true}}`). */
  system?: { all: true };
  roles?: RoleRef[];
}

/**
 * Resolves `auth.scope`. A project the user cannot reach (unknown, disabled, no role — for a
 * federated user: not a project of one of the VOs) is 401, as Keystone hides which it was.
 * System scope (`{"all": true}`) needs a role on the system, which only local users can hold
 * (operators' service accounts such as cASO's); domain and trust scopes are refused like an
 * unreachable project: the sandbox grants no such roles.
 * https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-scoped-authorization
 */
export function resolveScope(
  site: SiteContext,
  who: Authenticated,
  scope: AuthRequest['auth']['scope'],
): Outcome<Scope> {
  if (scope === undefined || scope === 'unscoped') return { ok: true, value: {} };
  if (scope.system !== undefined && !scope.project) {
    const all = scope.system?.all === true;
    const roles = all && !who.federation ? systemRolesOf(site, who.userId) : [];
    if (roles.length === 0) return { ok: false, status: 401, message: AUTH_REQUIRED };
    return { ok: true, value: { system: { all: true }, roles } };
  }
  if (!scope.project) return { ok: false, status: 401, message: AUTH_REQUIRED };
  const found = findProject(site, scope.project);
  if (!found.ok) return found;
  const roles = rolesFor(site, who, found.value);
  if (roles.length === 0) return { ok: false, status: 401, message: AUTH_REQUIRED };
  return { ok: true, value: { projectId: found.value.id, roles } };
}

function findProject(site: SiteContext, ref: ProjectScopeRef): Outcome<ProjectRecord> {
  let project: ProjectRecord | undefined;
  if (ref.id !== undefined) {
    project = getProject(site, ref.id);
  } else if (ref.name !== undefined) {
    if (!ref.domain || (ref.domain.id === undefined && ref.domain.name === undefined)) {
      return { ok: false, status: 400, message: expectingToFind('domain', 'project') };
    }
    const domain = findDomain(site, ref.domain);
    project = domain
      ? listProjects(site).find((p) => p.name === ref.name && p.domain_id === domain.id)
      : undefined;
  } else {
    return { ok: false, status: 400, message: expectingToFind('id or name', 'project') };
  }
  return project
    ? { ok: true, value: project }
    : { ok: false, status: 401, message: AUTH_REQUIRED };
}
