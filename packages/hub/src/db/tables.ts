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
  accounting_batches: AccountingBatchesTable;
  accounting_records: AccountingRecordsTable;
  accounting_summaries: AccountingSummariesTable;
  accounting_sites: AccountingSitesTable;
  image_lists: ImageListsTable;
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

/**
 * One message a site submitted, kept so that a resent batch changes nothing: its id is the
 * sender's (the agent's spool name, later SSM's empaid), the hash tells a resend from a reuse.
 */
interface AccountingBatchesTable {
  site: string;
  batch_id: string;
  /** sha256 of the body as received, hex. */
  body_sha256: string;
  received_at: string;
  /** Token subject of the sender, or the signer DN of an S/MIME message. */
  publisher: string;
  accepted: number;
  rejected: number;
  /** The JSON answer given the first time, given again on a resend. */
  result: string;
}

/**
 * The latest APEL cloud record of each VM-month of a site, every v0.4 field as sent (null when
 * absent). Keyed by site as well as VMUUID, unlike APEL, so one site never overwrites another's.
 * Times are epoch seconds.
 */
export interface AccountingRecordsTable {
  site: string;
  vm_uuid: string;
  year: number;
  month: number;
  /** The APEL server's MeasurementTime: which of two records of a VM-month is the later. */
  measurement_time: number;
  /** The accounting_summaries row this record counts in. */
  summary_id: number;
  received_at: string;
  batch_id: string;
  record_create_time: number | null;
  cloud_compute_service: string | null;
  machine_name: string | null;
  local_user_id: string | null;
  local_group_id: string | null;
  global_user_name: string | null;
  fqan: string | null;
  status: string | null;
  start_time: number | null;
  end_time: number | null;
  suspend_duration: number | null;
  wall_duration: number | null;
  cpu_duration: number | null;
  cpu_count: number | null;
  network_type: string | null;
  network_inbound: number | null;
  network_outbound: number | null;
  public_ip_count: number | null;
  memory: number | null;
  disk: number | null;
  benchmark_type: string | null;
  benchmark: number | null;
  storage_record_id: string | null;
  image_id: string | null;
  cloud_type: string | null;
}

/**
 * APEL's CloudSummaries, kept up to date as records arrive: one row per SummaryKey with the sums
 * of its VM-months' shares. 'None' and 0 stand for absent key parts, as on the APEL server.
 */
export interface AccountingSummariesTable {
  id: Generated<number>;
  year: number;
  month: number;
  site: string;
  vo: string;
  global_user_name: string;
  cloud_compute_service: string;
  vo_group: string;
  vo_role: string;
  status: string;
  cloud_type: string;
  image_id: string;
  cpu_count: number;
  benchmark_type: string;
  benchmark: number;
  wall_duration: number;
  cpu_duration: number;
  network_inbound: number;
  network_outbound: number;
  memory: number;
  disk: number;
  number_of_vms: number;
  earliest_start_time: number | null;
  latest_start_time: number | null;
  updated_at: string;
}

/** Per-site counters of what the repository holds, kept with every batch (never counted). */
interface AccountingSitesTable {
  site: string;
  /** VM-months stored. */
  records: number;
  /** Distinct VMs stored. */
  vms: number;
  batches: number;
  /** Valid records received, resends included. */
  records_received: number;
  /** When the site's last accepted record arrived; null before the first. */
  last_received_at: string | null;
  last_batch_id: string;
  last_batch_at: string;
  /** The latest MeasurementTime among the site's records, epoch seconds. */
  latest_measurement_time: number | null;
}

/** A VO's current image list: the signed message as published, and what the hub read from it. */
export interface ImageListsTable {
  vo: string;
  /** The list's `dc:identifier`, `hv:version`, `dc:title`. */
  identifier: string;
  version: string;
  title: string;
  /** The signer, which the hub checked is the list's `hv:dn`, issued by its `hv:ca`. */
  endorser_dn: string;
  endorser_ca: string;
  /** `dc:date:expires`, as ISO 8601 UTC. */
  expires_at: string;
  images: number;
  /** 1: anyone may read it; 0: the VO's members, managers and the agents of its sites. */
  public: number;
  /** 'detached' (multipart/signed) or 'opaque'. */
  form: string;
  signed: string;
  /** Hex SHA-256 of `signed`: its ETag. */
  signed_sha256: string;
  /** The signed JSON text. */
  content: string;
  published_at: string;
  published_by: string;
}
