import type { SiteContext } from '../site/context.js';
import { upsertLocalUser } from './user-store.js';
import { KINDS } from './resource-store.js';
import type { RoleAssignment, SystemAssignment } from './user-model.js';
import { ROLES } from './token-model.js';

/** The service account an EGI site creates for its information and accounting agents. */
export const AGENT_USERNAME = 'fedcloud-agent';

/**
 * The `fedcloud-agent` user with the `reader` role on every VO project: what real sites give
 * cloud-info-provider and cASO (read-only access to each VO's project). Idempotent, so it runs on
 * every start and again when a VO is added.
 * https://docs.egi.eu/providers/cloud-compute/openstack/accounting/
 */
export function seedAgentUser(site: SiteContext, domainId: string): void {
  const { store, spec } = site;
  const now = site.now();
  upsertLocalUser(site, {
    id: spec.agentUserId,
    name: AGENT_USERNAME,
    domainId,
    password: spec.agentPassword,
  });
  // cASO reads user names and project properties through a system-scoped token.
  store.upsert<SystemAssignment>(
    KINDS.systemAssignment,
    spec.agentUserId,
    null,
    { user_id: spec.agentUserId, role_ids: [ROLES.reader.id] },
    now,
  );
  for (const vo of spec.vos) {
    store.upsert<RoleAssignment>(
      KINDS.assignment,
      `${spec.agentUserId}:${vo.projectId}`,
      vo.projectId,
      { user_id: spec.agentUserId, project_id: vo.projectId, role_ids: [ROLES.reader.id] },
      now,
    );
  }
}
