import { listUsers, loginWithPassword, type Transport } from '@fedcloud/openstack';
import { reasonOf } from '../errors.js';

/** A clouds.yaml entry's password login, scoped to a project. */
export interface AuditorCloud {
  name: string;
  authUrl: string;
  username: string;
  password: string;
  userDomainName: string;
  project: { id: string } | { name: string; domainName: string };
}

/**
 * cloud-info-provider's `--auditor-role-cloud`: whether the account of that cloud may list the
 * site's users (`identity:list_users`, what EGI's VO auditing asks sites to grant), published as
 * the endpoint's OtherInfo `auditor_role`. Any failure is `false`, with the reason as a warning.
 * https://docs.egi.eu/providers/cloud-compute/openstack/aai/#vo-auditing
 */
export async function checkAuditorRole(
  transport: Transport,
  cloud: AuditorCloud,
  signal?: AbortSignal,
): Promise<{ auditorRole: boolean; warning?: string }> {
  try {
    const auth = await loginWithPassword(transport, {
      authUrl: cloud.authUrl,
      username: cloud.username,
      password: cloud.password,
      userDomainName: cloud.userDomainName,
      ...('id' in cloud.project
        ? { projectId: cloud.project.id }
        : { projectName: cloud.project.name, projectDomainName: cloud.project.domainName }),
      ...(signal ? { signal } : {}),
    });
    if (!auth.identityUrl) throw new Error('Keystone gave no identity URL');
    const users = await listUsers(
      transport,
      { token: auth.token, identityUrl: auth.identityUrl },
      signal ? { signal } : {},
    );
    // There is at least one user: the one asking.
    return { auditorRole: users.length > 0 };
  } catch (error) {
    signal?.throwIfAborted();
    return {
      auditorRole: false,
      warning: `auditor role check with cloud ${cloud.name}: not able to list users: ${reasonOf(error)}`,
    };
  }
}
