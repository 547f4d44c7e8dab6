import type { SiteContext } from '../site/context.js';
import type { RoleRef } from './tokens.js';

/**
 * The identity resources of one site, kept in the site's ResourceStore. Bodies are Keystone's wire
 * shape without `links` (those depend on the base URL); secrets and VO memberships live in their
 * own kinds so that a body can be returned as is.
 */
export const KINDS = {
  domain: 'domain',
  project: 'project',
  user: 'user',
  /** scrypt hash of a local user's password, keyed by user id. */
  userSecret: 'user_secret',
  /** VOs a federated shadow user had at the last login, keyed by user id. */
  userVos: 'user_vos',
  role: 'role',
  /** Keyed `<user_id>:<project_id>`, project column = project id. */
  assignment: 'role_assignment',
  /** Roles on the system (`--system all`), keyed by user id. */
  systemAssignment: 'system_role_assignment',
  identityProvider: 'identity_provider',
  /** Keyed `<idp_id>:<protocol_id>`. */
  protocol: 'federation_protocol',
} as const;

/** Projects carry the VO as an extra attribute, as EGI sites tag them for accounting. */
export const VO_ATTRIBUTE = 'egi.eu:VO';

/** The project property and tag accounting reads (cASO's `vo_property` and `caso_tag`). */
export const ACCOUNTING_VO_PROPERTY = 'VO';
export const ACCOUNTING_TAG = 'caso';

/** Where pre-Ocata Keystone put shadow users; the sandbox keeps that virtual domain. */
export const FEDERATED_DOMAIN = { id: 'Federated', name: 'Federated' } as const;

export interface DomainRecord {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  options: Record<string, unknown>;
}

export interface ProjectRecord {
  id: string;
  name: string;
  domain_id: string;
  description: string;
  enabled: boolean;
  is_domain: false;
  parent_id: string;
  tags: string[];
  options: Record<string, unknown>;
  [VO_ATTRIBUTE]?: string;
  [ACCOUNTING_VO_PROPERTY]?: string;
}

export interface UserRecord {
  id: string;
  name: string;
  domain_id: string;
  enabled: boolean;
  password_expires_at: null;
  options: Record<string, unknown>;
  /** Shadow users: where they came from (GET /v3/users/{id} shows this). */
  federated?: { idp_id: string; protocols: { protocol_id: string; unique_id: string }[] }[];
}

export interface RoleRecord {
  id: string;
  name: string;
  domain_id: null;
  description: string | null;
  options: Record<string, unknown>;
}

export interface RoleAssignment {
  user_id: string;
  project_id: string;
  role_ids: string[];
}

export interface IdentityProviderRecord {
  id: string;
  description: string;
  enabled: boolean;
  domain_id: string;
  remote_ids: string[];
  authorization_ttl: null;
}

export interface ProtocolRecord {
  id: string;
  idp_id: string;
  mapping_id: string;
  remote_id_attribute: string;
}

export function getProject(site: SiteContext, id: string): ProjectRecord | undefined {
  return site.store.get<ProjectRecord>(KINDS.project, id);
}

export function listProjects(site: SiteContext): ProjectRecord[] {
  return site.store.list<ProjectRecord>(KINDS.project);
}

export function getUser(site: SiteContext, id: string): UserRecord | undefined {
  return site.store.get<UserRecord>(KINDS.user, id);
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

/** A shadow user's VOs at the last login, with the IdP and protocol used. */
export interface UserVosRecord {
  vos: string[];
  idp: string;
  protocol: string;
}

export function getUserVos(site: SiteContext, userId: string): UserVosRecord | undefined {
  return site.store.get<UserVosRecord>(KINDS.userVos, userId);
}

/** A user's roles on the whole deployment (system scope `all`). */
export interface SystemAssignment {
  user_id: string;
  role_ids: string[];
}

export function systemRolesOf(site: SiteContext, userId: string): RoleRef[] {
  const assignment = site.store.get<SystemAssignment>(KINDS.systemAssignment, userId);
  return (assignment?.role_ids ?? []).flatMap((id) => {
    const role = site.store.get<RoleRecord>(KINDS.role, id);
    return role ? [{ id: role.id, name: role.name }] : [];
  });
}
