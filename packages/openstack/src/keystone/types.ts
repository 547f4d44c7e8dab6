import type { CatalogEntry } from './catalog.js';

/** A token not (yet) scoped to a project, e.g. straight from OS-FEDERATION. */
export interface UnscopedToken {
  token: string;
  expiresAt: Date;
  /** Keystone v3 root the token came from, e.g. `https://keystone.example.org:5000/v3`. */
  identityUrl: string;
  userId?: string;
  userName?: string;
  methods: string[];
}

/** What a client needs to call a project's services; immutable, replaced on re-authentication. */
export interface ScopedAuth {
  token: string;
  expiresAt: Date;
  catalog: CatalogEntry[];
  projectId?: string;
  projectName?: string;
  userId?: string;
  roles?: string[];
  identityUrl?: string;
  /** Called by a client once on a 401 (or when the token has expired) to get a fresh token. */
  reauthenticate?: () => Promise<ScopedAuth>;
}

/** A project chosen by id, or by name within a domain. */
export type ProjectSelector =
  | string
  | { id: string }
  | { name: string; domainId: string }
  | { name: string; domainName: string };
