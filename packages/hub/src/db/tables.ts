import type { Generated, Kysely, Selectable } from 'kysely';

/**
 * The hub's tables. Portable between SQLite and PostgreSQL: booleans are 0/1 integers and every
 * timestamp is an ISO 8601 UTC string, so the same queries and the same tests run on both.
 */
export interface HubTables {
  sites: SitesTable;
  site_extensions: SiteExtensionsTable;
  endpoints: EndpointsTable;
  vos: VosTable;
  site_vos: SiteVosTable;
  downtimes: DowntimesTable;
  downtime_endpoints: DowntimeEndpointsTable;
  role_grants: RoleGrantsTable;
  info_documents: InfoDocumentsTable;
  info_current: InfoCurrentTable;
  info_health: InfoHealthTable;
}

export interface SitesTable {
  id: Generated<number>;
  /** GOCDB short name, unique, e.g. IISAS-FedCloud. */
  name: string;
  official_name: string;
  description: string;
  country: string;
  /** ISO 3166-1 alpha-2. */
  country_code: string;
  /** GOCDB ROC / NGI, e.g. NGI_SK. */
  roc: string;
  latitude: number | null;
  longitude: number | null;
  contact_email: string;
  contact_tel: string;
  home_url: string;
  /** Certified | Candidate | Uncertified | Suspended | Closed. */
  certification_status: string;
  /** Production | Test. */
  production_infrastructure: string;
  timezone: string;
  created_at: string;
  updated_at: string;
}

interface SiteExtensionsTable {
  site_id: number;
  key: string;
  value: string;
}

interface EndpointsTable {
  id: Generated<number>;
  site_id: number;
  /** GOCDB service type: org.openstack.nova (URL = Keystone URL), eu.egi.cloud.accounting, ... */
  service_type: string;
  hostname: string;
  url: string;
  host_dn: string;
  host_os: string;
  host_arch: string;
  in_production: number;
  monitored: number;
  beta: number;
  description: string;
  created_at: string;
  updated_at: string;
}

interface VosTable {
  name: string;
  description: string;
  homepage: string;
  created_at: string;
  updated_at: string;
}

interface SiteVosTable {
  site_id: number;
  vo: string;
  project_id: string;
  project_name: string;
  /** 'registry' when set by hand through the API, 'info' when taken from a published document. */
  source: string;
  updated_at: string;
  /** Why the VO's project could not be read in the last publication; '' when it was read. */
  stale_reason: Generated<string>;
  /** When the share was last read, for a stale one; ''. */
  last_good_at: Generated<string>;
}

interface DowntimesTable {
  id: Generated<number>;
  site_id: number;
  /** SCHEDULED | UNSCHEDULED. */
  classification: string;
  /** OUTAGE | WARNING. */
  severity: string;
  description: string;
  start_at: string;
  end_at: string;
  inserted_at: string;
}

interface DowntimeEndpointsTable {
  downtime_id: number;
  endpoint_id: number;
}

interface RoleGrantsTable {
  id: Generated<number>;
  /** OIDC `sub` of a person, or the client id of a machine client (client-credentials tokens). */
  subject: string;
  /** federation-admin | site-admin | vo-manager | site-agent. */
  role: string;
  /** Site name for site-admin/site-agent, VO name for vo-manager, '' for federation-admin. */
  target: string;
  created_at: string;
  created_by: string;
}

interface InfoDocumentsTable {
  id: Generated<number>;
  site_id: number;
  published_at: string;
  /** CloudComputingService.CreationTime of the document. */
  creation_time: string;
  /** creation_time + Validity: after this the document is stale. */
  expires_at: string;
  /** Subject that published it. */
  publisher: string;
  /** The GLUE 2.1 JSON document as received (validated). */
  body: string;
}

interface InfoCurrentTable {
  site_id: number;
  document_id: number;
}

export type HubDb = Kysely<HubTables>;
export type SiteRow = Selectable<SitesTable>;
export type EndpointRow = Selectable<EndpointsTable>;
export type DowntimeRow = Selectable<DowntimesTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;

/** A site that its agent reported as unreadable: present only while it fails. */
interface InfoHealthTable {
  site_id: number;
  reason: string;
  failing_since: string;
  reported_at: string;
  publisher: string;
}
