import { HubError } from '../errors.js';
import type { Principal, Role } from './types.js';

/** Every write the hub accepts; each is checked against a site or a VO (or nothing). */
export type Action =
  | 'site.create'
  | 'site.update'
  | 'site.certify'
  | 'site.delete'
  | 'endpoint.write'
  | 'site-vo.write'
  | 'extension.write'
  | 'downtime.write'
  | 'info.publish'
  | 'vo.create'
  | 'vo.update'
  | 'role.manage'
  | 'accounting.publish'
  | 'accounting.read'
  | 'accounting.export'
  | 'image-list.publish'
  | 'image-list.read';

export interface Target {
  site?: string;
  vo?: string;
}

/**
 * Who may do what. federation-admin may do everything; a site agent may only publish its own
 * site's information; a site admin manages its own site; a VO manager only its VO's record.
 */
const ALLOWED: Record<Action, { role: Role; scope: 'site' | 'vo' | 'none' }[]> = {
  'site.create': [],
  'site.update': [{ role: 'site-admin', scope: 'site' }],
  // Certification is the federation's verdict on a site, never the site's own (seed 004).
  'site.certify': [],
  'site.delete': [],
  'endpoint.write': [{ role: 'site-admin', scope: 'site' }],
  'site-vo.write': [{ role: 'site-admin', scope: 'site' }],
  'extension.write': [{ role: 'site-admin', scope: 'site' }],
  'downtime.write': [{ role: 'site-admin', scope: 'site' }],
  'info.publish': [
    { role: 'site-agent', scope: 'site' },
    { role: 'site-admin', scope: 'site' },
  ],
  'vo.create': [],
  'vo.update': [{ role: 'vo-manager', scope: 'vo' }],
  'role.manage': [],
  // A site reports usage only for itself, as it publishes its information.
  'accounting.publish': [
    { role: 'site-agent', scope: 'site' },
    { role: 'site-admin', scope: 'site' },
  ],
  // Usage beyond the public per-site and per-VO totals (per user, image, status, flavor size):
  // a site admin sees the site's, a VO manager the VO's; a user's own is checked apart.
  'accounting.read': [
    { role: 'site-admin', scope: 'site' },
    { role: 'vo-manager', scope: 'vo' },
  ],
  // The summaries with every user name in them, as a central APEL receives them.
  'accounting.export': [{ role: 'site-admin', scope: 'site' }],
  // The VO endorses its image list, as its manager does in AppDB.
  'image-list.publish': [{ role: 'vo-manager', scope: 'vo' }],
  // A private list: its VO's managers; members and the agents of its sites are checked apart.
  'image-list.read': [{ role: 'vo-manager', scope: 'vo' }],
};

export function isAllowed(principal: Principal, action: Action, target: Target = {}): boolean {
  if (principal.kind === 'anonymous') return false;
  if (principal.grants.some((g) => g.role === 'federation-admin')) return true;
  return ALLOWED[action].some((rule) =>
    principal.grants.some(
      (g) =>
        g.role === rule.role &&
        (rule.scope === 'none' ||
          (rule.scope === 'site' && g.target === target.site) ||
          (rule.scope === 'vo' && g.target === target.vo)),
    ),
  );
}

/** Throws 401 for anonymous callers and 403 (naming what is missing) for the rest. */
export function assertAllowed(principal: Principal, action: Action, target: Target = {}): void {
  if (principal.kind === 'anonymous') {
    throw new HubError(
      'UNAUTHENTICATED',
      `${action} needs a bearer token from the federation's issuer (Authorization: Bearer <token>)`,
    );
  }
  if (isAllowed(principal, action, target)) return;
  const needed = ALLOWED[action]
    .map((rule) =>
      rule.scope === 'site'
        ? `${rule.role} of site ${target.site ?? '?'}`
        : rule.scope === 'vo'
          ? `${rule.role} of VO ${target.vo ?? '?'}`
          : rule.role,
    )
    .concat('federation-admin');
  throw new HubError(
    'FORBIDDEN',
    `${principal.subject} may not ${action}${target.site ? ` on site ${target.site}` : ''}${target.vo ? ` for VO ${target.vo}` : ''}: needs ${needed.join(' or ')}`,
    { action, ...target },
  );
}
