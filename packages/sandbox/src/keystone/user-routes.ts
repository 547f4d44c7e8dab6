import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import { projectsOfUser } from './access.js';
import { callerOf, isAdmin, isSystemReader } from './caller.js';
import { forbiddenAction, keystoneError } from './errors.js';
import {
  collectionLinks,
  renderDomain,
  renderProject,
  renderRole,
  renderUser,
} from './resource-view.js';
import { param } from './request.js';
import { resource } from './resource-routes.js';
import { KINDS } from './resource-store.js';
import { getDomain, getProject } from './project-store.js';
import { getUser } from './user-store.js';
import type { DomainRecord } from './project-model.js';
import type { RoleRecord, UserRecord } from './user-model.js';

/**
 * Read-only users, roles and domains, under Keystone's default policies: admin or a system
 * reader for lists, and also the user itself for a user and the user's projects.
 * https://docs.openstack.org/api-ref/identity/v3/#users
 */
export function userRoutes(site: SiteContext): Hono {
  const app = new Hono();

  resource(app, '/v3/users', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      if (!isAdmin(caller) && !isSystemReader(caller)) {
        return forbiddenAction(c, 'identity:list_users');
      }
      const { name, domain_id: domainId } = c.req.query();
      const users = site.store
        .list<UserRecord>(KINDS.user)
        .filter(
          (u) =>
            (name === undefined || u.name === name) &&
            (domainId === undefined || u.domain_id === domainId),
        );
      return c.json({
        users: users.map((u) => renderUser(site, u)),
        links: collectionLinks(site, c),
      });
    },
  });

  resource(app, '/v3/users/:id', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      const id = param(c, 'id');
      if (!isAdmin(caller) && !isSystemReader(caller) && caller.userId !== id) {
        return forbiddenAction(c, 'identity:get_user');
      }
      const user = getUser(site, id);
      return user
        ? c.json({ user: renderUser(site, user) })
        : keystoneError(c, 404, `Could not find user: ${id}.`);
    },
  });

  resource(app, '/v3/users/:id/projects', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      const id = param(c, 'id');
      if (!isAdmin(caller) && !isSystemReader(caller) && caller.userId !== id)
        return forbiddenAction(c, 'identity:list_user_projects');
      if (!getUser(site, id)) return keystoneError(c, 404, `Could not find user: ${id}.`);
      return c.json({
        projects: projectsOfUser(site, id).map((p) => renderProject(site, p)),
        links: collectionLinks(site, c),
      });
    },
  });

  resource(app, '/v3/roles', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      if (!isAdmin(caller) && !isSystemReader(caller)) {
        return forbiddenAction(c, 'identity:list_roles');
      }
      const name = c.req.query('name');
      const roles = site.store
        .list<RoleRecord>(KINDS.role)
        .filter((r) => name === undefined || r.name === name);
      return c.json({
        roles: roles.map((r) => renderRole(site, r)),
        links: collectionLinks(site, c),
      });
    },
  });

  resource(app, '/v3/roles/:id', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      if (!isAdmin(caller)) return forbiddenAction(c, 'identity:get_role');
      const id = param(c, 'id');
      const role = site.store.get<RoleRecord>(KINDS.role, id);
      return role
        ? c.json({ role: renderRole(site, role) })
        : keystoneError(c, 404, `Could not find role: ${id}.`);
    },
  });

  resource(app, '/v3/domains', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      if (!isAdmin(caller)) return forbiddenAction(c, 'identity:list_domains');
      const name = c.req.query('name');
      const domains = site.store
        .list<DomainRecord>(KINDS.domain)
        .filter((d) => name === undefined || d.name === name);
      return c.json({
        domains: domains.map((d) => renderDomain(site, d)),
        links: collectionLinks(site, c),
      });
    },
  });

  resource(app, '/v3/domains/:id', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      const id = param(c, 'id');
      const domain = getDomain(site, id);
      if (!domain) return keystoneError(c, 404, `Could not find domain: ${id}.`);
      // Default policy also lets a token scoped to a project of the domain read it.
      const own = caller.projectId ? getProject(site, caller.projectId)?.domain_id === id : false;
      if (!isAdmin(caller) && !own) return forbiddenAction(c, 'identity:get_domain');
      return c.json({ domain: renderDomain(site, domain) });
    },
  });
  return app;
}
