import { randomUUID } from 'node:crypto';

/** What a handler answers; the app turns it into the HTTP response. */
export type VaultReply =
  | { status: 200; body: Record<string, unknown> }
  | { status: 204 }
  | { status: 400 | 403 | 404 | 405 | 500; errors: string[] };

/** Vault's HTTPAuth: the `auth` block of logins, token creation and renewals. */
export interface HttpAuth {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: 'service';
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
}

/**
 * Vault's response body (sdk/logical HTTPResponse), every field present in Vault's order; `data`,
 * `warnings` and `auth` are null when empty.
 */
export function envelope(parts: {
  data?: Record<string, unknown>;
  auth?: HttpAuth;
  warnings?: string[];
  leaseDuration?: number;
  mountType: string;
}): VaultReply {
  return {
    status: 200,
    body: {
      request_id: randomUUID(),
      lease_id: '',
      renewable: false,
      lease_duration: parts.leaseDuration ?? 0,
      data: parts.data ?? null,
      wrap_info: null,
      warnings: parts.warnings && parts.warnings.length > 0 ? parts.warnings : null,
      auth: parts.auth ?? null,
      mount_type: parts.mountType,
    },
  };
}

export const noContent: VaultReply = { status: 204 };

export function failure(status: 400 | 403 | 404 | 405 | 500, ...errors: string[]): VaultReply {
  return { status, errors };
}

/**
 * ErrPermissionDenied as Vault's core returns it, wrapped by go-multierror: unknown, expired and
 * used-up tokens, and requests no policy allows, all get this body with 403.
 */
const PERMISSION_DENIED = '1 error occurred:\n\t* permission denied\n\n';

export const permissionDenied: VaultReply = failure(403, PERMISSION_DENIED);

/** A read of nothing: 404 with an empty error list. */
export const notFound: VaultReply = failure(404);

/** Vault's router, for a path no mount serves (after the policy check let it through). */
export function noHandler(path: string): VaultReply {
  return failure(404, `no handler for route ${JSON.stringify(path)}. route entry not found.`);
}
