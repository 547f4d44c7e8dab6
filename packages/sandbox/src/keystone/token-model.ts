export interface RoleRef {
  id: string;
  name: string;
}

/** What Keystone remembers about an issued token. Stored under the SHA-256 of its value. */
export interface TokenRecord {
  methods: string[];
  userId: string;
  userName: string;
  domainId: string;
  domainName: string;
  /** Present for tokens from the OS-FEDERATION login. */
  federation?: { identityProvider: string; protocol: string; groups: string[] };
  /** VOs the federated user belongs to, from the issuer's userinfo at login. */
  vos?: string[];
  projectId?: string;
  /** A system-scoped token. */
  system?: { all: true };
  roles?: RoleRef[];
  issuedAt: string;
  expiresAt: string;
  auditIds: string[];
}

export const ROLES = {
  admin: { id: 'e2b4f59e0a5a4e3c8a25cf1b1b5d8d01', name: 'admin' },
  member: { id: '9fe2ff9ee4384b1894a90878d3e92bab', name: 'member' },
  reader: { id: 'f5a7c0d5e3b94a4e8d5e2a6c7b8f9a02', name: 'reader' },
} as const satisfies Record<string, RoleRef>;
