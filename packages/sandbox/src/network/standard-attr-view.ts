import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';

/** Neutron shows the owner under both names: `tenant_id` is the one from before Keystone v3. */
export function ownerAttrs(projectId: string): { tenant_id: string; project_id: string } {
  return { tenant_id: projectId, project_id: projectId };
}

/**
 * The wire body of a stored resource for this caller: admins see it all, others without the
 * attributes neutron's policies keep to admins (provider:*, binding:*, distributed, ha).
 */
export function adminOnlyHidden<T extends object>(
  adminOnly: readonly string[],
): (site: SiteContext, auth: AuthContext, body: T) => Record<string, unknown> {
  return (_site, auth, body) => {
    if (auth.isAdmin) return { ...body } as Record<string, unknown>;
    return Object.fromEntries(Object.entries(body).filter(([key]) => !adminOnly.includes(key)));
  };
}

/** The body as stored: resources without admin-only attributes. */
export function asStored<T extends object>(
  _site: SiteContext,
  _auth: AuthContext,
  body: T,
): Record<string, unknown> {
  return { ...body } as Record<string, unknown>;
}
