import { z } from 'zod';
import type { OpenRoute, Route, VaultServices } from './context.js';
import { decodeErrors, vaultStringList } from './fields.js';
import { capabilitiesOf } from './policy.js';
import { envelope, failure, type VaultReply } from './reply.js';

/**
 * GET /v1/sys/health, unauthenticated: an initialised, unsealed, active node (200).
 * https://developer.hashicorp.com/vault/api-docs/system/health
 */
export function healthBody(services: VaultServices): Record<string, unknown> {
  return {
    initialized: true,
    sealed: false,
    standby: false,
    performance_standby: false,
    replication_performance_mode: 'disabled',
    replication_dr_mode: 'disabled',
    server_time_utc: Math.floor(services.now()),
    version: services.cluster.version,
    enterprise: false,
    cluster_name: services.cluster.name,
    cluster_id: services.cluster.id,
    echo_duration_ms: 0,
    clock_skew_ms: 0,
  };
}

function raw(body: Record<string, unknown>): VaultReply {
  return { status: 200, body };
}

/** Served without a token, like sys/health (which the app routes itself, for HEAD too). */
export const openSysRoutes: OpenRoute[] = [
  {
    // https://developer.hashicorp.com/vault/api-docs/system/seal-status
    matches: (r) => r.path === 'sys/seal-status' && r.operation === 'read',
    handle: (_request, services) =>
      raw({
        type: 'shamir',
        initialized: true,
        sealed: false,
        t: 1,
        n: 1,
        progress: 0,
        nonce: '',
        version: services.cluster.version,
        build_date: '2024-01-01T00:00:00Z',
        migration: false,
        cluster_name: services.cluster.name,
        cluster_id: services.cluster.id,
        recovery_seal: false,
        storage_type: 'raft',
      }),
  },
];

const capabilitiesSchema = z.object({
  path: vaultStringList.optional(),
  paths: vaultStringList.optional(),
});

/**
 * POST /v1/sys/capabilities-self {paths}: the caller's capabilities on each path, and under
 * `capabilities` too when one path was asked (kept by Vault for older clients).
 * https://developer.hashicorp.com/vault/api-docs/system/capabilities-self
 */
export const sysRoutes: Route[] = [
  {
    matches: (r) => r.path === 'sys/capabilities-self' && r.operation === 'update',
    handle(request, caller) {
      const parsed = capabilitiesSchema.safeParse(request.data ?? {});
      if (!parsed.success) return failure(400, decodeErrors(parsed.error));
      const paths = [...(parsed.data.paths ?? []), ...(parsed.data.path ?? [])];
      if (paths.length === 0) return failure(400, "'paths' parameter not supplied");
      const data: Record<string, unknown> = {};
      for (const path of paths) data[path] = capabilitiesOf(caller.rules, path);
      if (paths.length === 1) data.capabilities = data[paths[0]!];
      return envelope({ data, mountType: 'system' });
    },
  },
];
