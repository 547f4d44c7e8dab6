import type { SiteContext } from '../site/context.js';
import type { DomainRecord, ProjectRecord, RoleRecord, UserRecord } from './records.js';

// Keystone entities as the API returns them: the stored body plus `links.self`.
// https://docs.openstack.org/api-ref/identity/v3/#projects

const v3 = (site: SiteContext) => `${site.baseUrl}/v3`;

export const renderProject = (site: SiteContext, project: ProjectRecord) => ({
  ...project,
  links: { self: `${v3(site)}/projects/${project.id}` },
});

export const renderUser = (site: SiteContext, user: UserRecord) => ({
  ...user,
  links: { self: `${v3(site)}/users/${user.id}` },
});

export const renderRole = (site: SiteContext, role: RoleRecord) => ({
  ...role,
  links: { self: `${v3(site)}/roles/${role.id}` },
});

export const renderDomain = (site: SiteContext, domain: DomainRecord) => ({
  ...domain,
  links: { self: `${v3(site)}/domains/${domain.id}` },
});
