import type { FedcloudErrorCode } from './errors.js';

/**
 * The exit statuses of every fedcloud program (fedcloud, fedcloud-agent, fedcloud-hub,
 * fedcloud-sandbox), written once so a script reads them the same way from each.
 */

/** A command failed (the agent, the hub, the sandbox launcher). */
export const EXIT_FAILURE = 1;
/** Bad flags or input: nothing was done. */
export const EXIT_USAGE = 2;
/** Some sites of a fan-out failed while others answered: 1, as fedcloudclient's scripts expect. */
export const EXIT_PARTIAL_FAILURE = 1;

/** `fedcloud`'s status for each error code of the SDK. */
export const EXIT_CODES: Record<FedcloudErrorCode, number> = {
  USAGE: EXIT_USAGE,
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
  SPEC_INVALID: EXIT_USAGE,
  EXTERNAL_COMMAND_FAILED: 8,
  // The secret store (fedcloud secret): Vault refused or failed, nothing there, no decryption.
  VAULT_ERROR: 9,
  SECRET_NOT_FOUND: 9,
  DECRYPT_FAILED: 9,
  // An image list that is not valid HEPiX (bad input, nothing done).
  IMAGE_LIST_INVALID: EXIT_USAGE,
  // A signed image list refused: a bad or changed signature, or a signer, CA or date a site
  // would not trust; a script tells these apart from a list that is not HEPiX at all.
  IMAGE_LIST_SIGNATURE_INVALID: 10,
  IMAGE_LIST_UNTRUSTED: 10,
  // A private key others may read: nothing was signed.
  KEY_FILE_INSECURE: EXIT_USAGE,
  INTERNAL: 70,
};
