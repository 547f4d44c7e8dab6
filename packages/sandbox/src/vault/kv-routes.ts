import type { Caller, Route, VaultServices } from './context.js';
import { parseDurationSecond } from './duration.js';
import { envelope, failure, noContent, notFound, type VaultReply } from './reply.js';
import type { LogicalRequest } from './request.js';
import { cubbyholeNamespace } from './token-store.js';
import { SYSTEM_TTL } from './ttl.js';

/** EGI's secret store mounts a KV version 1 engine at `secrets/`. */
const KV_MOUNT = 'secrets/';
const KV_NAMESPACE = 'kv:secrets';
const CUBBYHOLE_MOUNT = 'cubbyhole/';

interface Mount {
  prefix: string;
  mountType: string;
  namespace(caller: Caller): string;
  /** lease_duration of a read. */
  leaseDuration(data: Record<string, unknown>): number;
}

/**
 * KV version 1 (builtin/logical/kv passthrough): a read's lease is the mount's default TTL, or the
 * secret's own `ttl` (or `lease`) field when it parses as a duration.
 * https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1
 */
const kv: Mount = {
  prefix: KV_MOUNT,
  mountType: 'kv',
  namespace: () => KV_NAMESPACE,
  leaseDuration(data) {
    const raw = data.ttl ?? data.lease;
    if (raw === undefined) return SYSTEM_TTL.defaultLeaseTtl;
    const parsed = parseDurationSecond(raw);
    return 'error' in parsed ? SYSTEM_TTL.defaultLeaseTtl : parsed.seconds;
  },
};

/**
 * The cubbyhole: a KV store private to each token, destroyed with it; no leases.
 * https://developer.hashicorp.com/vault/api-docs/secret/cubbyhole
 */
const cubbyhole: Mount = {
  prefix: CUBBYHOLE_MOUNT,
  mountType: 'cubbyhole',
  namespace: (caller) => cubbyholeNamespace(caller.stored.entry),
  leaseDuration: () => 0,
};

function routesOf(mount: Mount): Route {
  return {
    matches: (request) => request.path.startsWith(mount.prefix),
    // Vault's existence check: a write to a missing path needs `create`, to an existing one `update`.
    capability(request, caller, services) {
      if (request.operation !== 'update') return request.operation;
      const key = request.path.slice(mount.prefix.length);
      return services.secrets.exists(mount.namespace(caller), key) ? 'update' : 'create';
    },
    handle: (request, caller, services) => handle(mount, request, caller, services),
  };
}

function handle(
  mount: Mount,
  request: LogicalRequest,
  caller: Caller,
  services: VaultServices,
): VaultReply {
  const key = request.path.slice(mount.prefix.length);
  const namespace = mount.namespace(caller);
  switch (request.operation) {
    case 'read': {
      const data = key === '' ? undefined : services.secrets.read(namespace, key);
      if (!data) return notFound;
      return envelope({
        data,
        leaseDuration: mount.leaseDuration(data),
        mountType: mount.mountType,
      });
    }
    case 'list': {
      const keys = services.secrets.list(namespace, key);
      if (keys.length === 0) return notFound;
      return envelope({ data: { keys }, mountType: mount.mountType });
    }
    case 'update':
      if (!request.data || Object.keys(request.data).length === 0) {
        return failure(400, 'missing data fields');
      }
      if (key === '' || key.endsWith('/'))
        return failure(400, "cannot write to a path ending in '/'");
      services.secrets.write(namespace, key, request.data);
      return noContent;
    case 'delete':
      services.secrets.delete(namespace, key);
      return noContent;
  }
}

export const kvRoutes: Route[] = [routesOf(kv), routesOf(cubbyhole)];
