import type { FedcloudErrorCode } from '@fedcloud/sdk';

/**
 * The only mapping from error codes to process exit codes. 1 stays "some site failed" for
 * fan-out commands, as scripts of fedcloudclient expect a non-zero status then.
 */
export const EXIT_CODES: Record<FedcloudErrorCode, number> = {
  USAGE: 2,
  TOKEN_MISSING: 3,
  TOKEN_EXPIRED: 3,
  TOKEN_INVALID: 3,
  TOKEN_REFRESH_FAILED: 3,
  OIDC_AGENT_FAILED: 3,
  MYTOKEN_FAILED: 3,
  USERINFO_FAILED: 3,
  SITE_UNKNOWN: 4,
  SITE_CONFIG_INVALID: 4,
  VO_NOT_AT_SITE: 4,
  SITE_TIMEOUT: 5,
  SITE_UNREACHABLE: 5,
  KEYSTONE_AUTH_FAILED: 6,
  OPENSTACK_ERROR: 7,
  NOT_FOUND: 7,
  SPEC_INVALID: 2,
  EXTERNAL_COMMAND_FAILED: 8,
  INTERNAL: 70,
};

/** Some sites of a fan-out failed while others answered. */
export const EXIT_PARTIAL_FAILURE = 1;
