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
  /**
   * The VOs the token's user is a member of, from the issuer's userinfo `eduperson_entitlement`
   * (Check-in keeps them out of the access token). Absent: no membership is known.
   */
  vosOf?(token: string): Promise<string[]>;
}
