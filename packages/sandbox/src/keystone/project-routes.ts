import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import { callerOf, isAdmin, isSystemReader } from './caller.js';
import { forbiddenAction, keystoneError } from './errors.js';
import { collectionLinks, renderProject } from './resource-view.js';
import { param } from './request.js';
import { resource } from './resource-routes.js';
import { getProject, listProjects } from './project-store.js';
import type { ProjectRecord } from './project-model.js';

/**
 * GET /v3/projects (admin; filters name, domain_id, parent_id, enabled, tags, tags-any) and
 * GET /v3/projects/{id} (admin, or a token scoped to that project), for accounting and info tools.
 * https://docs.openstack.org/api-ref/identity/v3/#list-projects
 */
export function projectRoutes(site: SiteContext): Hono {
  const app = new Hono();

  resource(app, '/v3/projects', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      if (!isAdmin(caller) && !isSystemReader(caller)) {
        return forbiddenAction(c, 'identity:list_projects');
      }
      const q = c.req.query();
      const tags = splitTags(q.tags);
      const anyTags = splitTags(q['tags-any']);
      const matches = (p: ProjectRecord): boolean =>
        (q.name === undefined || p.name === q.name) &&
        (q.domain_id === undefined || p.domain_id === q.domain_id) &&
        (q.parent_id === undefined || p.parent_id === q.parent_id) &&
        (q.enabled === undefined || p.enabled === !/^(false|0|no|off)$/i.test(q.enabled)) &&
        tags.every((t) => p.tags.includes(t)) &&
        (anyTags.length === 0 || anyTags.some((t) => p.tags.includes(t)));
      return c.json({
        projects: listProjects(site)
          .filter(matches)
          .map((p) => renderProject(site, p)),
        links: collectionLinks(site, c),
      });
    },
  });

  resource(app, '/v3/projects/:id', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      const id = param(c, 'id');
      // Policy is enforced before the lookup: a non-admin learns nothing of other ids, even
      // whether they exist (Keystone answers 403 for an unknown project too).
      if (!isAdmin(caller) && !isSystemReader(caller) && caller.projectId !== id)
        return forbiddenAction(c, 'identity:get_project');
      const project = getProject(site, id);
      if (!project) return keystoneError(c, 404, `Could not find project: ${id}.`);
      return c.json({ project: renderProject(site, project) });
    },
  });
  return app;
}

/** Keystone's tag filters take a comma-separated list. */
function splitTags(value: string | undefined): string[] {
  return value ? value.split(',').filter((t) => t !== '') : [];
}
