import type { SiteContext } from '../site/context.js';
import { VO_ATTRIBUTE, type ProjectRecord } from './project-model.js';
import { assignmentsOf, getUserVos, rolesOn } from './user-store.js';
import { getProject, voProjects } from './project-store.js';
import { ROLES, type RoleRef, type TokenRecord } from './token-model.js';

/**
 * What an EGI mapping grants a member of a VO on that VO's project (the group the mapping puts
 * the user in holds these roles), matching the tokens the test helpers mint.
 */
const VO_MEMBER_ROLES: RoleRef[] = [ROLES.member, ROLES.reader];

/** Who may do what on which project, for local (password) and federated (VO) users alike. */
export interface Principal {
  userId: string;
  federation?: TokenRecord['federation'];
  vos?: string[];
}

/** Roles the principal would hold on the project: by VO for federated users, else assignments. */
export function rolesFor(site: SiteContext, who: Principal, project: ProjectRecord): RoleRef[] {
  if (!project.enabled) return [];
  if (who.federation) {
    const vo = project[VO_ATTRIBUTE];
    return vo !== undefined && (who.vos ?? []).includes(vo) ? VO_MEMBER_ROLES : [];
  }
  return rolesOn(site, who.userId, project.id);
}

/** Projects the principal can scope to (GET /v3/auth/projects). */
export function reachableProjects(site: SiteContext, who: Principal): ProjectRecord[] {
  const projects = who.federation
    ? voProjects(site, who.vos ?? [])
    : assignmentsOf(site, who.userId).flatMap((a) => {
        const project = getProject(site, a.project_id);
        return project && a.role_ids.length > 0 ? [project] : [];
      });
  return projects.filter((project) => project.enabled);
}

/** Projects of a stored user (GET /v3/users/{id}/projects): shadow users by their last VOs. */
export function projectsOfUser(site: SiteContext, userId: string): ProjectRecord[] {
  const vos = getUserVos(site, userId);
  if (vos) {
    return reachableProjects(site, {
      userId,
      federation: { identityProvider: vos.idp, protocol: vos.protocol, groups: [] },
      vos: vos.vos,
    });
  }
  return reachableProjects(site, { userId });
}
