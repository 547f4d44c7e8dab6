import { z } from 'zod';
import type { Caller, Route, VaultServices } from './context.js';
import { parseDurationSecond } from './duration.js';
import {
  decodeErrors,
  vaultBool,
  vaultDuration,
  vaultInt,
  vaultString,
  vaultStringList,
  vaultStringMap,
} from './fields.js';
import { policyExists } from './policy.js';
import { envelope, failure, noContent, type VaultReply } from './reply.js';
import type { LogicalRequest } from './request.js';
import { calculateTtl } from './ttl.js';
import { httpAuth, lookupData, remainingTtl, sanitizePolicies } from './token-view.js';

/**
 * The token auth method's endpoints a client uses on its own token: create a child, look itself
 * up, renew and revoke itself.
 * https://developer.hashicorp.com/vault/api-docs/auth/token
 */
export const tokenRoutes: Route[] = [
  { matches: exact('auth/token/create', 'update'), handle: createToken },
  {
    matches: (r) =>
      r.path === 'auth/token/lookup-self' && (r.operation === 'read' || r.operation === 'update'),
    // POST lookup-self is a read for the ACL as well (Vault's default policy grants `read`).
    capability: () => 'read',
    handle: (_request, caller, services) =>
      envelope({
        data: lookupData(caller.token, caller.stored.entry, services.now()),
        mountType: 'token',
      }),
  },
  { matches: exact('auth/token/renew-self', 'update'), handle: renewSelf },
  {
    matches: exact('auth/token/revoke-self', 'update'),
    handle: (_request, caller, services) => {
      services.tokens.revoke(caller.stored.hash);
      return noContent;
    },
  },
];

function exact(path: string, operation: LogicalRequest['operation']) {
  return (request: LogicalRequest) => request.path === path && request.operation === operation;
}

const createSchema = z.object({
  id: vaultString.optional(),
  policies: vaultStringList.optional(),
  meta: vaultStringMap.optional(),
  metadata: vaultStringMap.optional(),
  no_parent: vaultBool.optional(),
  no_default_policy: vaultBool.optional(),
  renewable: vaultBool.optional(),
  ttl: vaultDuration.optional(),
  lease: vaultString.optional(),
  type: vaultString.optional(),
  explicit_max_ttl: vaultDuration.optional(),
  display_name: vaultString.optional(),
  num_uses: vaultInt.optional(),
  period: vaultDuration.optional(),
});

/** `token-<display name>` with anything but letters, digits and dashes made a dash. */
function displayName(given: string | undefined): string {
  if (!given) return 'token';
  return `token-${given}`.replace(/[^a-zA-Z0-9-]/g, '-').replace(/-$/, '');
}

/**
 * POST auth/token/create (token_store.go handleCreateCommon, without roles): a child of the
 * caller, which it cannot outlive, with policies that must be a subset of the caller's; orphans,
 * custom ids and periodic tokens need sudo, which no sandbox policy grants.
 */
function createToken(request: LogicalRequest, caller: Caller, services: VaultServices): VaultReply {
  const parsed = createSchema.safeParse(request.data ?? {});
  if (!parsed.success) return failure(400, decodeErrors(parsed.error));
  const data = parsed.data;
  const parent = caller.stored.entry;
  if (data.type === 'batch')
    return failure(400, 'batch tokens are not supported by the sandbox Vault');
  if (data.type && data.type !== 'service') return failure(400, "invalid 'token_type' value");
  const numUses = data.num_uses ?? 0;
  if (numUses < 0) return failure(400, 'number of uses cannot be negative');
  if (data.id) return failure(400, 'root or sudo privileges required to specify token id');

  let policies: string[];
  if (!data.policies || data.policies.length === 0) {
    // Inherits the parent's, `default` only if the parent has it.
    policies = sanitizePolicies(parent.policies, false);
  } else {
    const asked = sanitizePolicies(data.policies, false);
    const held = sanitizePolicies(parent.policies, false);
    if (!asked.every((p) => held.includes(p))) {
      return failure(400, 'child policies must be subset of parent');
    }
    policies = sanitizePolicies(
      data.policies,
      !data.no_default_policy && parent.policies.includes('default'),
    );
  }
  if (data.no_default_policy) policies = policies.filter((p) => p !== 'default');
  if (data.no_parent)
    return failure(400, 'root or sudo privileges required to create orphan token');

  const explicitMax = parseDurationSecond(data.explicit_max_ttl);
  if ('error' in explicitMax) return failure(400, explicitMax.error);
  if (explicitMax.seconds < 0) return failure(400, 'explicit_max_ttl must be positive');
  const period = parseDurationSecond(data.period);
  if ('error' in period) return failure(400, period.error);
  if (period.seconds < 0) return failure(400, 'period must be positive');
  if (period.seconds > 0) {
    return failure(400, 'root or sudo privileges required to create periodic token');
  }
  const asked = parseDurationSecond(data.ttl ?? data.lease);
  if ('error' in asked) return failure(400, asked.error);
  if (asked.seconds < 0) return failure(400, 'ttl must be positive');

  const now = services.now();
  const ttl = calculateTtl({
    increment: 0,
    backendTtl: asked.seconds,
    period: 0,
    backendMaxTtl: 0,
    explicitMaxTtl: explicitMax.seconds,
    startTime: now,
    now,
  });
  if ('error' in ttl) return failure(400, ttl.error);
  const renewable = data.renewable ?? true;
  services.tokens.sweep();
  const { token, stored } = services.tokens.create({
    parent: caller.stored.hash,
    policies,
    meta: data.meta ?? data.metadata ?? null,
    displayName: displayName(data.display_name),
    path: 'auth/token/create',
    numUses,
    ttl: ttl.ttl,
    explicitMaxTtl: explicitMax.seconds,
    period: 0,
    renewable,
    entityId: parent.entityId,
    alias: parent.alias,
    role: null,
  });
  const warnings = [
    ...ttl.warnings,
    ...policies
      .filter((p) => !policyExists(p))
      .map((p) => `Policy ${JSON.stringify(p)} does not exist`),
  ];
  return envelope({ auth: httpAuth(token, stored.entry, ttl.ttl), warnings, mountType: 'token' });
}

const renewSchema = z.object({
  increment: vaultDuration.optional(),
  token: vaultString.optional(),
});

/**
 * POST auth/token/renew-self {increment}: a new TTL counted from now (the increment, else the
 * role's or the token's own TTL), capped by the max TTL counted from the token's issue; refused
 * for a token created with renewable=false. fedcloudclient renews its login token to the
 * locker's TTL before creating the locker, so that the child lives as long as asked.
 */
function renewSelf(request: LogicalRequest, caller: Caller, services: VaultServices): VaultReply {
  const parsed = renewSchema.safeParse(request.data ?? {});
  if (!parsed.success) return failure(400, decodeErrors(parsed.error));
  const increment = parseDurationSecond(parsed.data.increment);
  if ('error' in increment) return failure(400, increment.error);
  const { entry } = caller.stored;
  const now = services.now();
  if (entry.expireTime === null || !entry.renewable) return failure(400, 'lease is not renewable');
  if (remainingTtl(entry, now) <= 0) return failure(400, 'lease expired');
  const role = entry.role === null ? undefined : services.jwt.roles[entry.role];
  const ttl = calculateTtl({
    increment: Math.max(0, increment.seconds),
    backendTtl: role ? role.tokenTtl : entry.authTtl,
    period: entry.period,
    backendMaxTtl: role ? role.tokenMaxTtl : 0,
    explicitMaxTtl: entry.explicitMaxTtl,
    startTime: entry.issueTime,
    now,
  });
  if ('error' in ttl) return failure(400, ttl.error);
  const renewed = {
    hash: caller.stored.hash,
    entry: { ...entry, authTtl: ttl.ttl, expireTime: now + ttl.ttl, lastRenewalTime: now },
  };
  services.tokens.save(renewed);
  return envelope({
    auth: httpAuth(caller.token, renewed.entry, ttl.ttl),
    warnings: ttl.warnings,
    mountType: 'token',
  });
}
