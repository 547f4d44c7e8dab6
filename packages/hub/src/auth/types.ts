export const ROLES = ['federation-admin', 'site-admin', 'vo-manager', 'site-agent'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  role: Role;
  /** Site name (site-admin, site-agent), VO name (vo-manager), '' (federation-admin). */
  target: string;
}

/** Who is calling: anonymous for reads without a token. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user' | 'client';
      /** `sub` of the token (for client-credentials tokens, the client id). */
      subject: string;
      clientId?: string;
      grants: RoleGrant[];
    };

/** Verifies a bearer token and returns the subject and client id; throws HubError UNAUTHENTICATED. */
export interface TokenVerifier {
  verify(token: string): Promise<{ subject: string; clientId?: string; isClient: boolean }>;
}
