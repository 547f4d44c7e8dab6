/**
 * The sandbox Vault's ACL policies and Vault's way of applying them: the rules of all a token's
 * policies merged per path (capabilities added up, `deny` winning), then the exact path's rule, else
 * the longest glob (`prefix*`) that matches.
 * https://developer.hashicorp.com/vault/docs/concepts/policies
 */

export type Capability = 'create' | 'read' | 'update' | 'delete' | 'list' | 'sudo' | 'deny';

export interface PathRule {
  /** `secrets/users/x/*` (glob) or an exact path. */
  path: string;
  capabilities: Capability[];
  /** Vault's `allowed_parameters`: parameter → allowed values (empty: any); `*` for the rest. */
  allowedParameters?: Record<string, string[]>;
}

/** What templated policies are filled in with: the token's entity alias (the JWT `sub`). */
export interface PolicyContext {
  alias: string | null;
}

/** The policy every login holds beside `default`; its paths follow the user's Check-in ID. */
export const USER_POLICY = 'fedcloud-user';

const ALL: Capability[] = ['create', 'read', 'update', 'delete', 'list'];

/**
 * `default` as Vault ships it (the parts a client touches): the token's cubbyhole and its own
 * token endpoints. `fedcloud-user` as EGI's secret store grants it: the user's own folder of the
 * `secrets/` KV mount, and child tokens holding the `default` policy only (lockers).
 */
const POLICIES: Record<string, (context: PolicyContext) => PathRule[]> = {
  default: () => [
    { path: 'auth/token/lookup-self', capabilities: ['read'] },
    { path: 'auth/token/renew-self', capabilities: ['update'] },
    { path: 'auth/token/revoke-self', capabilities: ['update'] },
    { path: 'sys/capabilities-self', capabilities: ['update'] },
    { path: 'cubbyhole/*', capabilities: ALL },
  ],
  [USER_POLICY]: ({ alias }) =>
    // A template that does not resolve (no entity alias) grants nothing, as in Vault.
    alias === null
      ? []
      : [
          { path: `secrets/users/${alias}/*`, capabilities: ALL },
          {
            path: 'auth/token/create',
            capabilities: ['update'],
            allowedParameters: { policies: ['default'], '*': [] },
          },
        ],
};

/** Whether a policy of this name exists (token creation warns about unknown ones). */
export function policyExists(name: string): boolean {
  return Object.hasOwn(POLICIES, name);
}

export function rulesFor(policies: readonly string[], context: PolicyContext): PathRule[] {
  return policies.flatMap((name) => POLICIES[name]?.(context) ?? []);
}

interface MergedRule {
  capabilities: Set<Capability>;
  allowedParameters?: Record<string, string[]>;
}

function merged(rules: readonly PathRule[], path: string): MergedRule | undefined {
  const exact = rules.filter((rule) => rule.path === path && !rule.path.endsWith('*'));
  let matching = exact;
  if (matching.length === 0) {
    const globs = rules.filter(
      (rule) => rule.path.endsWith('*') && path.startsWith(rule.path.slice(0, -1)),
    );
    const longest = Math.max(-1, ...globs.map((rule) => rule.path.length));
    matching = globs.filter((rule) => rule.path.length === longest);
  }
  if (matching.length === 0) return undefined;
  const capabilities = new Set(matching.flatMap((rule) => rule.capabilities));
  const withParameters = matching.filter((rule) => rule.allowedParameters);
  const allowedParameters =
    withParameters.length === 0
      ? undefined
      : (Object.assign({}, ...withParameters.map((rule) => rule.allowedParameters)) as Record<
          string,
          string[]
        >);
  return { capabilities, ...(allowedParameters ? { allowedParameters } : {}) };
}

/** Whether the rules let a request with this capability and these parameters through. */
export function authorize(
  rules: readonly PathRule[],
  capability: Capability,
  path: string,
  data: Record<string, unknown> | undefined,
): boolean {
  const rule = merged(rules, path);
  if (!rule || rule.capabilities.has('deny') || !rule.capabilities.has(capability)) return false;
  if (!rule.allowedParameters) return true;
  const allowed = rule.allowedParameters;
  const anyOther = Object.hasOwn(allowed, '*');
  for (const [name, value] of Object.entries(data ?? {})) {
    const values = allowed[name.toLowerCase()];
    if (values === undefined) {
      if (anyOther) continue;
      return false;
    }
    if (values.length === 0) continue;
    const given = Array.isArray(value) ? (value as unknown[]) : [value];
    if (!given.every((item) => values.includes(String(item)))) return false;
  }
  return true;
}

/** sys/capabilities-self: the capabilities on a path, sorted, `deny` when none. */
export function capabilitiesOf(rules: readonly PathRule[], path: string): string[] {
  const rule = merged(rules, path);
  if (!rule || rule.capabilities.size === 0 || rule.capabilities.has('deny')) return ['deny'];
  return [...rule.capabilities].sort();
}
