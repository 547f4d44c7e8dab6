import type { SiteContext } from '../site/context.js';
import { hashPassword, verifyPasswordSync } from './passwords.js';
import { KINDS, type RoleAssignment, type SystemAssignment, type UserRecord } from './records.js';
import { ROLES } from './tokens.js';

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
  store.upsert<UserRecord>(
    KINDS.user,
    spec.agentUserId,
    null,
    {
      id: spec.agentUserId,
      name: AGENT_USERNAME,
      domain_id: domainId,
      enabled: true,
      password_expires_at: null,
      options: {},
    },
    now,
  );
  // Like the admin: keep a hash that still matches rather than re-salt on every start.
  const secret = store.get<{ hash: string }>(KINDS.userSecret, spec.agentUserId);
  if (!secret || !verifyPasswordSync(spec.agentPassword, secret.hash)) {
    store.upsert(
      KINDS.userSecret,
      spec.agentUserId,
      null,
      { hash: hashPassword(spec.agentPassword) },
      now,
    );
  }
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
