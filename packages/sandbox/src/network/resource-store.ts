import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { policyError } from './errors.js';
import type { ResourceDef } from './resource-routes.js';
import { bump, type Revisioned } from './standard-attr-model.js';

/** Store kinds; prefixed so they never collide with other services' kinds. */
export const KINDS = {
  network: 'neutron.network',
  subnet: 'neutron.subnet',
  port: 'neutron.port',
  securityGroup: 'neutron.security_group',
  securityGroupRule: 'neutron.security_group_rule',
  floatingIp: 'neutron.floatingip',
  router: 'neutron.router',
  quota: 'neutron.quota',
  /** Ports a user created and handed to Nova: Nova unbinds rather than deletes them. */
  preexistingPort: 'neutron.preexisting_port',
} as const;

/** Stores a changed resource, bumping its revision. */
export function save<T extends Revisioned>(site: SiteContext, kind: string, body: T): T {
  const next = bump(site, body);
  site.store.put(kind, body.id, next, site.now());
  return next;
}

export function insert<T extends { id: string; project_id: string }>(
  site: SiteContext,
  kind: string,
  body: T,
): T {
  site.store.insert(kind, body.id, body.project_id || null, body, site.now());
  return body;
}

export function listVisible<T extends { id: string; project_id: string }>(
  site: SiteContext,
  auth: AuthContext,
  def: ResourceDef<T>,
): T[] {
  return site.store.list<T>(def.kind).filter((body) => def.visible(site, auth, body));
}

/** The resource if the caller may see it; otherwise neutron's 404 (never 403: hidden is absent). */
export function findVisible<T extends { id: string; project_id: string }>(
  site: SiteContext,
  auth: AuthContext,
  def: ResourceDef<T>,
  id: string,
): T {
  const body = site.store.get<T>(def.kind, id);
  if (!body || !def.visible(site, auth, body)) throw def.notFound(id);
  return body;
}

/** Like findVisible, then 403 unless the caller owns it (visible shared resources). */
export function findOwned<T extends { id: string; project_id: string }>(
  site: SiteContext,
  auth: AuthContext,
  def: ResourceDef<T>,
  id: string,
  action: 'update' | 'delete',
): T {
  const body = findVisible(site, auth, def, id);
  if (!auth.isAdmin && body.project_id !== auth.projectId)
    throw policyError(`${action}_${def.singular}`);
  return body;
}
