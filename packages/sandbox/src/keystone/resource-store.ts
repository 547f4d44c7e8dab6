/**
 * The identity resources of one site, kept in the site's ResourceStore. Bodies are Keystone's wire
 * shape without `links` (those depend on the base URL); secrets and VO memberships live in their
 * own kinds so that a body can be returned as is.
 */
export const KINDS = {
  domain: 'domain',
  project: 'project',
  user: 'user',
  /** scrypt hash of a local user's password, keyed by user id. */
  userSecret: 'user_secret',
  /** VOs a federated shadow user had at the last login, keyed by user id. */
  userVos: 'user_vos',
  role: 'role',
  /** Keyed `<user_id>:<project_id>`, project column = project id. */
  assignment: 'role_assignment',
  /** Roles on the system (`--system all`), keyed by user id. */
  systemAssignment: 'system_role_assignment',
  identityProvider: 'identity_provider',
  /** Keyed `<idp_id>:<protocol_id>`. */
  protocol: 'federation_protocol',
} as const;
