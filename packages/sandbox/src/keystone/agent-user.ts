import type { SiteContext } from '../site/context.js';
import { upsertLocalUser } from './user-store.js';
import { KINDS } from './resource-store.js';
import type { RoleAssignment, SystemAssignment } from './user-model.js';
import { ROLES } from './token-model.js';

/** The service account an EGI site creates for its information and accounting agents. */
export const AGENT_USERNAME = 'fedcloud-agent';

/**
 * The `fedcloud-agent` user with the `reader` role on every VO project: what real sites give
 * cloud-info-provider and cASO (read-only access to each VO's project). The image sync (atrope's
 * role) needs more, as at a real site: member of the project owning the synced images, and member
 * of each VO project, since only the VO's project may accept an image shared with it (Glance's
 * `modify_member` policy). Idempotent, so it runs on every start and again when a VO is added.
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
  const member = [ROLES.member.id, ROLES.reader.id];
  for (const projectId of [spec.imagesProjectId, ...spec.vos.map((vo) => vo.projectId)]) {
    store.upsert<RoleAssignment>(
      KINDS.assignment,
      `${spec.agentUserId}:${projectId}`,
      projectId,
      { user_id: spec.agentUserId, project_id: projectId, role_ids: member },
      now,
    );
  }
}
