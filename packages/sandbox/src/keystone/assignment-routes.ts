import { Hono, type Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import { callerOf, isAdmin, isSystemReader } from './caller.js';
import { forbiddenAction, keystoneError } from './errors.js';
import { collectionLinks, renderRole } from './resource-view.js';
import { param } from './request.js';
import { resource } from './resource-routes.js';
import { domainName, getProject } from './project-store.js';
import { getUser } from './user-store.js';
import { KINDS } from './resource-store.js';
import type { RoleAssignment, RoleRecord, SystemAssignment } from './user-model.js';
import type { TokenRecord } from './token-model.js';

/**
 * Role grants on projects and the role assignments list, under Keystone's default policies
 * (admin for grants; admin or a reader with system scope for the list), as operators' tools
 * (`openstack role add/remove`, `openstack role assignment list`, cASO's set-up) call them.
 * https://docs.openstack.org/api-ref/identity/v3/#roles
 */
export function assignmentRoutes(site: SiteContext): Hono {
  const app = new Hono();
  const grantPath = '/v3/projects/:project/users/:user/roles/:role';

  /** The caller, if it may act; else the 401/403 response. */
  const admit = (c: Context, action: string): TokenRecord | Response => {
    const caller = callerOf(site, c);
    if (caller instanceof Response) return caller;
    return isAdmin(caller) ? caller : forbiddenAction(c, action);
  };
  /** 404 naming the first of project, user and role that does not exist. */
  const missing = (c: Context, projectId: string, userId: string, roleId: string) => {
    if (!getProject(site, projectId)) {
      return keystoneError(c, 404, `Could not find project: ${projectId}.`);
    }
    if (!getUser(site, userId)) return keystoneError(c, 404, `Could not find user: ${userId}.`);
    if (!site.store.get<RoleRecord>(KINDS.role, roleId)) {
      return keystoneError(c, 404, `Could not find role: ${roleId}.`);
    }
    return undefined;
  };
  const assignmentId = (userId: string, projectId: string) => `${userId}:${projectId}`;
  const rolesOf = (userId: string, projectId: string) =>
    site.store.get<RoleAssignment>(KINDS.assignment, assignmentId(userId, projectId))?.role_ids ??
    [];
  const notAssigned = (c: Context, roleId: string, userId: string, projectId: string) =>
    keystoneError(
      c,
      404,
      `Could not find role assignment with role: ${roleId}, user or group: ${userId}, project, domain, or system: ${projectId}.`,
    );

  const check = (c: Context) => {
    const caller = admit(c, 'identity:check_grant');
    if (caller instanceof Response) return caller;
    const [projectId, userId, roleId] = [param(c, 'project'), param(c, 'user'), param(c, 'role')];
    const absent = missing(c, projectId, userId, roleId);
    if (absent) return absent;
    return rolesOf(userId, projectId).includes(roleId)
      ? c.body(null, 204)
      : notAssigned(c, roleId, userId, projectId);
  };

  resource(app, grantPath, {
    GET: check,
    PUT: (c) => {
      const caller = admit(c, 'identity:create_grant');
      if (caller instanceof Response) return caller;
      const [projectId, userId, roleId] = [param(c, 'project'), param(c, 'user'), param(c, 'role')];
      const absent = missing(c, projectId, userId, roleId);
      if (absent) return absent;
      const roles = rolesOf(userId, projectId);
      if (!roles.includes(roleId)) {
        site.store.upsert<RoleAssignment>(
          KINDS.assignment,
          assignmentId(userId, projectId),
          projectId,
          { user_id: userId, project_id: projectId, role_ids: [...roles, roleId] },
          site.now(),
        );
      }
      return c.body(null, 204);
    },
    DELETE: (c) => {
      const caller = admit(c, 'identity:revoke_grant');
      if (caller instanceof Response) return caller;
      const [projectId, userId, roleId] = [param(c, 'project'), param(c, 'user'), param(c, 'role')];
      const absent = missing(c, projectId, userId, roleId);
      if (absent) return absent;
      const roles = rolesOf(userId, projectId);
      if (!roles.includes(roleId)) return notAssigned(c, roleId, userId, projectId);
      const rest = roles.filter((id) => id !== roleId);
      const id = assignmentId(userId, projectId);
      if (rest.length === 0) site.store.delete(KINDS.assignment, id);
      else {
        site.store.upsert<RoleAssignment>(
          KINDS.assignment,
          id,
          projectId,
          { user_id: userId, project_id: projectId, role_ids: rest },
          site.now(),
        );
      }
      return c.body(null, 204);
    },
  });

  resource(app, '/v3/projects/:project/users/:user/roles', {
    GET: (c) => {
      const caller = admit(c, 'identity:list_grants');
      if (caller instanceof Response) return caller;
      const [projectId, userId] = [param(c, 'project'), param(c, 'user')];
      if (!getProject(site, projectId)) {
        return keystoneError(c, 404, `Could not find project: ${projectId}.`);
      }
      if (!getUser(site, userId)) return keystoneError(c, 404, `Could not find user: ${userId}.`);
      const roles = rolesOf(userId, projectId).flatMap((id) => {
        const role = site.store.get<RoleRecord>(KINDS.role, id);
        return role ? [renderRole(site, role)] : [];
      });
      return c.json({ roles, links: collectionLinks(site, c) });
    },
  });

  const systemRoles = (userId: string) =>
    site.store.get<SystemAssignment>(KINDS.systemAssignment, userId)?.role_ids ?? [];
  const setSystemRoles = (userId: string, roleIds: string[]) => {
    if (roleIds.length === 0) site.store.delete(KINDS.systemAssignment, userId);
    else {
      site.store.upsert<SystemAssignment>(
        KINDS.systemAssignment,
        userId,
        null,
        { user_id: userId, role_ids: roleIds },
        site.now(),
      );
    }
  };
  /** 404 naming the user or role that does not exist. */
  const missingSystem = (c: Context, userId: string, roleId: string) => {
    if (!getUser(site, userId)) return keystoneError(c, 404, `Could not find user: ${userId}.`);
    if (!site.store.get<RoleRecord>(KINDS.role, roleId)) {
      return keystoneError(c, 404, `Could not find role: ${roleId}.`);
    }
    return undefined;
  };

  // `openstack role add --system all --user U R`: a role on the whole deployment.
  resource(app, '/v3/system/users/:user/roles/:role', {
    GET: (c) => {
      const caller = admit(c, 'identity:check_system_grant_for_user');
      if (caller instanceof Response) return caller;
      const [userId, roleId] = [param(c, 'user'), param(c, 'role')];
      const absent = missingSystem(c, userId, roleId);
      if (absent) return absent;
      return systemRoles(userId).includes(roleId)
        ? c.body(null, 204)
        : notAssigned(c, roleId, userId, 'system');
    },
    PUT: (c) => {
      const caller = admit(c, 'identity:create_system_grant_for_user');
      if (caller instanceof Response) return caller;
      const [userId, roleId] = [param(c, 'user'), param(c, 'role')];
      const absent = missingSystem(c, userId, roleId);
      if (absent) return absent;
      const roles = systemRoles(userId);
      if (!roles.includes(roleId)) setSystemRoles(userId, [...roles, roleId]);
      return c.body(null, 204);
    },
    DELETE: (c) => {
      const caller = admit(c, 'identity:revoke_system_grant_for_user');
      if (caller instanceof Response) return caller;
      const [userId, roleId] = [param(c, 'user'), param(c, 'role')];
      const absent = missingSystem(c, userId, roleId);
      if (absent) return absent;
      const roles = systemRoles(userId);
      if (!roles.includes(roleId)) return notAssigned(c, roleId, userId, 'system');
      setSystemRoles(
        userId,
        roles.filter((id) => id !== roleId),
      );
      return c.body(null, 204);
    },
  });

  resource(app, '/v3/role_assignments', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      if (!isAdmin(caller) && !isSystemReader(caller)) {
        return forbiddenAction(c, 'identity:list_role_assignments');
      }
      const q = c.req.query();
      const names = q.include_names !== undefined && !/^(false|0)$/i.test(q.include_names);
      const v3 = `${site.baseUrl}/v3`;
      // projectId null: a role on the system (`--system all`).
      const rows: { userId: string; projectId: string | null; roleId: string }[] = [
        ...site.store
          .list<RoleAssignment>(KINDS.assignment)
          .flatMap((a) =>
            a.role_ids.map((roleId) => ({ userId: a.user_id, projectId: a.project_id, roleId })),
          ),
        ...site.store
          .list<SystemAssignment>(KINDS.systemAssignment)
          .flatMap((a) =>
            a.role_ids.map((roleId) => ({ userId: a.user_id, projectId: null, roleId })),
          ),
      ];
      const named = (id: string, name: string, domainId: string) =>
        names ? { id, name, domain: { id: domainId, name: domainName(site, domainId) } } : { id };
      const assignments = rows
        .filter(
          (r) =>
            (q['user.id'] === undefined || r.userId === q['user.id']) &&
            (q['scope.project.id'] === undefined || r.projectId === q['scope.project.id']) &&
            (q['scope.system'] === undefined || r.projectId === null) &&
            (q['role.id'] === undefined || r.roleId === q['role.id']),
        )
        .map((r) => {
          const role = site.store.get<RoleRecord>(KINDS.role, r.roleId);
          const user = getUser(site, r.userId);
          const project = r.projectId === null ? undefined : getProject(site, r.projectId);
          // openstackclient's --names reads each one's name and domain, as Keystone sends them.
          return {
            role: { id: r.roleId, ...(names && role ? { name: role.name } : {}) },
            user: user ? named(user.id, user.name, user.domain_id) : { id: r.userId },
            scope:
              r.projectId === null
                ? { system: { all: true } }
                : {
                    project: project
                      ? named(project.id, project.name, project.domain_id)
                      : { id: r.projectId },
                  },
            links: {
              assignment:
                r.projectId === null
                  ? `${v3}/system/users/${r.userId}/roles/${r.roleId}`
                  : `${v3}/projects/${r.projectId}/users/${r.userId}/roles/${r.roleId}`,
            },
          };
        });
      return c.json({ role_assignments: assignments, links: collectionLinks(site, c) });
    },
  });
  return app;
}
