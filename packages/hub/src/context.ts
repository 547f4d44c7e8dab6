import type { TokenVerifier } from './auth/types.js';
import type { InfoPolicy } from './config.js';
import type { HubDatabase } from './db/database.js';
import { InfoStore } from './info/index.js';

export interface HubConfig {
  /** Public base URL of the hub (links in GOCDB XML, fedcloudclient URLs). */
  publicUrl: string;
  /** OIDC issuer whose tokens are accepted. */
  issuerUrl: string;
  /** Subjects (or client ids) that are federation admins from the start. */
  admins: string[];
  /** Largest GLUE document accepted, in bytes. */
  maxDocumentBytes: number;
  /** Folder of the built dashboard, or undefined to serve none. */
  dashboardDir?: string;
  /** History and publication limits; DEFAULT_INFO_POLICY when absent. */
  info?: InfoPolicy;
  /** PEM file (or IGTF-style folder) of the CAs whose certificates may sign accounting (AMS route). */
  trustedCaFile?: string;
}

/** Everything a route needs, passed explicitly (no globals), so tests build it with any parts. */
export interface HubContext {
  database: HubDatabase;
  verifier: TokenVerifier;
  config: HubConfig;
  /** Injectable clock: staleness and downtimes are tested at chosen instants. */
  now: () => Date;
  /** The information system's in-memory view of the published documents, one per app. */
  info: InfoStore;
}

/**
 * A context around its parts, with the app's information store: the store is part of the
 * context rather than a module-level cache keyed by database, so two apps never share one by
 * accident and a test sees exactly the store its app uses.
 */
export function createHubContext(parts: Omit<HubContext, 'info'>): HubContext {
  return { ...parts, info: new InfoStore(parts.database.db) };
}
