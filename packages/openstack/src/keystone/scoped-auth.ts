import type { IssuedToken } from './issue-token.js';
import type { ScopedAuth } from './types.js';

export function toScopedAuth(
  issued: IssuedToken,
  identityUrl: string,
  reauthenticate?: () => Promise<ScopedAuth>,
): ScopedAuth {
  const auth: ScopedAuth = {
    token: issued.token,
    expiresAt: issued.expiresAt,
    catalog: issued.catalog,
    roles: issued.roles,
    identityUrl,
  };
  if (issued.projectId !== undefined) auth.projectId = issued.projectId;
  if (issued.projectName !== undefined) auth.projectName = issued.projectName;
  if (issued.userId !== undefined) auth.userId = issued.userId;
  if (reauthenticate) auth.reauthenticate = reauthenticate;
  return auth;
}
