import type { RoleGrantEntry } from '../api-types.js';
import { resolveSettings, type HubFlags } from '../config.js';
import { HubError } from '../errors.js';
import { grantRole, listGrants, normaliseGrant, revokeGrant } from '../services/roles.js';
import { withDatabase } from './database.js';

/** Grants written from the command line are recorded as made by this marker, not a subject. */
const CLI_ACTOR = 'fedcloud-hub grant (command line)';

export interface GrantResult {
  grant: RoleGrantEntry;
  /** false when the subject already had the role (granting again changes nothing). */
  created: boolean;
}

export async function runGrant(
  subject: string,
  role: string,
  target: string | undefined,
  flags: HubFlags,
): Promise<GrantResult> {
  const request = normaliseGrant({ subject, role, target });
  const { database } = resolveSettings(flags);
  return withDatabase(database, async ({ db }) => {
    try {
      return { grant: await grantRole(db, request, CLI_ACTOR, new Date()), created: true };
    } catch (error) {
      if (!(error instanceof HubError && error.code === 'CONFLICT')) throw error;
      // Bootstrap scripts grant at every start: an existing grant is success.
      const existing = (await listGrants(db, request.subject)).find(
        (g) => g.role === request.role && g.target === request.target,
      );
      if (!existing) throw error;
      return { grant: existing, created: false };
    }
  });
}

export async function runRevoke(
  subject: string,
  role: string,
  target: string | undefined,
  flags: HubFlags,
): Promise<RoleGrantEntry> {
  const request = normaliseGrant({ subject, role, target });
  const { database } = resolveSettings(flags);
  return withDatabase(database, ({ db }) => revokeGrant(db, request));
}

export async function runRoles(
  subject: string | undefined,
  flags: HubFlags,
): Promise<RoleGrantEntry[]> {
  const { database } = resolveSettings(flags);
  return withDatabase(database, ({ db }) => listGrants(db, subject));
}

export function describeGrant(g: { subject: string; role: string; target: string }): string {
  return `${g.subject} ${g.role}${g.target ? ` ${g.target}` : ''}`;
}
