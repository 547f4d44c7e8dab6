import type { SiteContext } from '../site/context.js';
import {
  FEDERATED_DOMAIN,
  VO_ATTRIBUTE,
  type DomainRecord,
  type ProjectRecord,
} from './project-model.js';
import { KINDS } from './resource-store.js';

export function getProject(site: SiteContext, id: string): ProjectRecord | undefined {
  return site.store.get<ProjectRecord>(KINDS.project, id);
}

export function listProjects(site: SiteContext): ProjectRecord[] {
  return site.store.list<ProjectRecord>(KINDS.project);
}

export function getDomain(site: SiteContext, id: string): DomainRecord | undefined {
  return site.store.get<DomainRecord>(KINDS.domain, id);
}

/** A `{id}` or `{name}` domain reference from an auth request. */
export function findDomain(
  site: SiteContext,
  ref: { id?: string | undefined; name?: string | undefined },
): DomainRecord | undefined {
  if (ref.id !== undefined) return getDomain(site, ref.id);
  return site.store.list<DomainRecord>(KINDS.domain).find((d) => d.name === ref.name);
}

export function domainName(site: SiteContext, id: string): string {
  if (id === FEDERATED_DOMAIN.id) return FEDERATED_DOMAIN.name;
  return getDomain(site, id)?.name ?? id;
}

/** Projects whose VO attribute is one of `vos`: what a federated user may scope to. */
export function voProjects(site: SiteContext, vos: readonly string[]): ProjectRecord[] {
  const wanted = new Set(vos);
  return listProjects(site).filter((p) => {
    const vo = p[VO_ATTRIBUTE];
    return vo !== undefined && wanted.has(vo);
  });
}
