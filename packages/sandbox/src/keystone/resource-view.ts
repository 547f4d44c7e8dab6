import type { Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import type { DomainRecord, ProjectRecord } from './project-model.js';
import type { RoleRecord, UserRecord } from './user-model.js';

/** A collection's `links.self`: the site's public URL of the request, query string included. */
function selfLink(site: SiteContext, c: Context): string {
  const url = new URL(c.req.url);
  return `${site.baseUrl}${url.pathname}${url.search}`;
}

export function collectionLinks(site: SiteContext, c: Context) {
  return { self: selfLink(site, c), previous: null, next: null };
}

// Keystone entities as the API returns them: the stored body plus `links.self`.
// https://docs.openstack.org/api-ref/identity/v3/#projects
function withSelfLink<T extends { id: string }>(site: SiteContext, collection: string, entity: T) {
  return { ...entity, links: { self: `${site.baseUrl}/v3/${collection}/${entity.id}` } };
}

export const renderProject = (site: SiteContext, project: ProjectRecord) =>
  withSelfLink(site, 'projects', project);

export const renderUser = (site: SiteContext, user: UserRecord) =>
  withSelfLink(site, 'users', user);

export const renderRole = (site: SiteContext, role: RoleRecord) =>
  withSelfLink(site, 'roles', role);

export const renderDomain = (site: SiteContext, domain: DomainRecord) =>
  withSelfLink(site, 'domains', domain);
