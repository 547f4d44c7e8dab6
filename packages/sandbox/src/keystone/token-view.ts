import type { SiteContext } from '../site/context.js';
import { buildCatalog } from './catalog-view.js';
import { domainName, getProject } from './project-store.js';
import type { TokenRecord } from './token-model.js';

/** Keystone prints token times with microseconds (`utils.isotime(subsecond=True)`). */
function keystoneTime(iso: string): string {
  return iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * The `{"token": …}` body of POST and GET /v3/auth/tokens. Unscoped tokens carry no project,
 * roles or catalogue; federated users carry the OS-FEDERATION block.
 * https://docs.openstack.org/api-ref/identity/v3/#validate-and-show-information-for-token
 * https://docs.openstack.org/api-ref/identity/v3-ext/#request-an-unscoped-os-federation-token
 */
export function renderToken(site: SiteContext, record: TokenRecord, withCatalog: boolean) {
  const user = {
    id: record.userId,
    name: record.userName,
    domain: { id: record.domainId, name: record.domainName },
    // Only local users have passwords; Keystone leaves the field out for federated ones.
    ...(record.federation ? {} : { password_expires_at: null }),
    ...(record.federation && {
      'OS-FEDERATION': {
        identity_provider: { id: record.federation.identityProvider },
        protocol: { id: record.federation.protocol },
        groups: record.federation.groups.map((id) => ({ id })),
      },
    }),
  };
  const token: Record<string, unknown> = {
    methods: record.methods,
    user,
    audit_ids: record.auditIds,
    expires_at: keystoneTime(record.expiresAt),
    issued_at: keystoneTime(record.issuedAt),
  };
  if (record.projectId) {
    const project = getProject(site, record.projectId);
    const domainId = project?.domain_id ?? 'default';
    token.project = {
      id: record.projectId,
      name: project?.name ?? record.projectId,
      domain: { id: domainId, name: domainName(site, domainId) },
    };
    token.is_domain = false;
    // A federated user's roles come through the mapped groups, and Keystone then renders whole
    // role records (the bootstrap roles are immutable); direct assignments give id and name.
    token.roles = (record.roles ?? []).map((role) =>
      record.federation
        ? {
            id: role.id,
            name: role.name,
            domain_id: null,
            description: null,
            options: { immutable: true },
          }
        : { id: role.id, name: role.name },
    );
    if (withCatalog) token.catalog = buildCatalog(site, record.projectId);
  } else if (record.system) {
    token.system = { all: true };
    token.roles = (record.roles ?? []).map((role) => ({ id: role.id, name: role.name }));
    // Keystone hands system tokens the catalogue too; project-bound URLs carry no project.
    if (withCatalog) token.catalog = buildCatalog(site, '');
  }
  return { token };
}
