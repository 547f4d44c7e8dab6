import { createHash, timingSafeEqual } from 'node:crypto';

export interface SeededUser {
  username: string;
  name: string;
  email: string;
  entitlements: string[];
  /** For printing only; membership is decided from `entitlements`, as sites do. */
  vos: string[];
}

export const SEEDED_USERS: SeededUser[] = [
  {
    username: 'alice',
    name: 'Alice Example',
    email: 'alice@example.org',
    entitlements: [
      'urn:mace:egi.eu:group:vo.access.egi.eu:role=member#aai.egi.eu',
      'urn:mace:egi.eu:group:training.egi.eu:role=member#aai.egi.eu',
    ],
    vos: ['vo.access.egi.eu', 'training.egi.eu'],
  },
  {
    username: 'bob',
    name: 'Bob Example',
    email: 'bob@example.org',
    entitlements: [
      // Membership through a subgroup still makes bob a member of the VO.
      'urn:mace:egi.eu:group:fedcloud.egi.eu:ops:role=member#aai.egi.eu',
      // A role other than member must not grant access.
      'urn:mace:egi.eu:group:training.egi.eu:role=vm_operator#aai.egi.eu',
    ],
    vos: ['fedcloud.egi.eu'],
  },
  {
    username: 'carol',
    name: 'Carol Example',
    email: 'carol@example.org',
    entitlements: [],
    vos: [],
  },
];

/** Check-in's `sub` is an opaque, stable hash scoped to the EGI realm; we imitate its shape. */
export function subFor(username: string): string {
  return `${createHash('sha256').update(username).digest('hex')}@egi.eu`;
}

function userByUsername(username: string): SeededUser | undefined {
  return SEEDED_USERS.find((user) => user.username === username);
}

export function userBySub(sub: string): SeededUser | undefined {
  return SEEDED_USERS.find((user) => subFor(user.username) === sub);
}

/** Every claim a user has; the caller narrows them to what the token's scope allows. */
export function userClaims(user: SeededUser): Record<string, unknown> {
  return {
    sub: subFor(user.username),
    name: user.name,
    email: user.email,
    email_verified: true,
    eduperson_entitlement: [...user.entitlements],
  };
}

/** Which claims each scope releases, as Check-in does. */
const SCOPE_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name'],
  email: ['email', 'email_verified'],
  eduperson_entitlement: ['eduperson_entitlement'],
};

/** The user's claims that the given scopes release (userinfo, and JWT access tokens). */
export function claimsForScopes(
  user: SeededUser,
  scopes: Iterable<string>,
): Record<string, unknown> {
  const all = userClaims(user);
  const released: Record<string, unknown> = {};
  for (const scope of scopes) {
    for (const claim of SCOPE_CLAIMS[scope] ?? []) released[claim] = all[claim];
  }
  return released;
}

/** Returns the user when the password matches; hashing first makes the comparison constant-time. */
export function authenticate(
  passwords: Record<string, string>,
  username: string,
  password: string,
): SeededUser | undefined {
  const user = userByUsername(username);
  const expected = Object.hasOwn(passwords, username) ? passwords[username] : undefined;
  if (!user || expected === undefined) return undefined;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(password)) ? user : undefined;
}
