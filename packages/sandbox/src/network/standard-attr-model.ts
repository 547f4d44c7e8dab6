import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { badRequest } from './errors.js';
import { ownerAttrs } from './standard-attr-view.js';

/**
 * Neutron's standard attributes: what every resource with a row in the `standardattributes` table
 * carries (standard-attr-description, -tag, -revisions and -timestamp extensions), written once
 * for networks, subnets, ports, routers, security groups (and their rules) and floating IPs.
 * https://docs.openstack.org/api-ref/network/v2/#standard-attributes-tag-extension
 */
export interface StandardAttrs {
  id: string;
  name: string;
  description: string;
  tenant_id: string;
  project_id: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
  tags: string[];
}

/** What `bump` and `save` need of a resource. */
export type Revisioned = Pick<StandardAttrs, 'id' | 'revision_number' | 'updated_at'>;

/** The standard attributes one may filter and sort on (tags have their own filters). */
export const STANDARD_ATTRIBUTES = [
  'id',
  'name',
  'description',
  'tenant_id',
  'project_id',
  'created_at',
  'updated_at',
  'revision_number',
] as const;

/** Neutron prints timestamps without fractions: 2016-03-08T20:19:41Z. */
function timestamp(site: SiteContext): string {
  return site
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** created_at, updated_at and revision_number of a resource created now. */
export function revisionAttrs(
  site: SiteContext,
  revision: number,
): Pick<StandardAttrs, 'created_at' | 'updated_at' | 'revision_number'> {
  const at = timestamp(site);
  return { created_at: at, updated_at: at, revision_number: revision };
}

/** The attributes every Neutron resource has, with neutron's defaults for the optional ones. */
export function standardAttrs(
  site: SiteContext,
  fields: { id?: string; projectId: string; name?: string; description?: string; tags?: string[] },
): StandardAttrs {
  return {
    id: fields.id ?? uuid(),
    name: fields.name ?? '',
    description: fields.description ?? '',
    ...ownerAttrs(fields.projectId),
    ...revisionAttrs(site, 1),
    tags: fields.tags ?? [],
  };
}

/** Every change bumps revision_number and updated_at (standard-attr-revisions). */
export function bump<T extends Revisioned>(site: SiteContext, body: T): T {
  return { ...body, revision_number: body.revision_number + 1, updated_at: timestamp(site) };
}

/** The project a create request is for: the caller's, or another one when an admin says so. */
export function owningProject(
  auth: AuthContext,
  body: { project_id?: string | undefined; tenant_id?: string | undefined },
): string {
  const { project_id: projectId, tenant_id: tenantId } = body;
  if (projectId !== undefined && tenantId !== undefined && projectId !== tenantId) {
    throw badRequest("'project_id' and 'tenant_id' do not match");
  }
  const requested = projectId ?? tenantId;
  if (requested === undefined || requested === auth.projectId) return auth.projectId;
  // neutron/api/v2/base.py: only admins may create on behalf of another project.
  if (!auth.isAdmin) {
    throw badRequest(
      "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges",
    );
  }
  return requested;
}

/** True when the caller owns the resource (or is admin, who owns everything as far as policy goes). */
export function owns(auth: AuthContext, body: { project_id: string }): boolean {
  return auth.isAdmin || body.project_id === auth.projectId;
}
