/**
 * Shapes of the hub's native JSON API (`/api/v1`), shared with the dashboard and the agent.
 * Type-only: importing this file pulls in no runtime code.
 *
 * Reads (no token needed):
 *   GET  /api/v1/sites                        -> SiteSummary[]
 *   GET  /api/v1/sites/{site}                 -> SiteDetail
 *   GET  /api/v1/sites/{site}/images          -> SiteImage[]     (from the current info document)
 *   GET  /api/v1/sites/{site}/flavors         -> SiteFlavor[]    (from the current info document)
 *   GET  /api/v1/sites/{site}/info            -> the current GLUE 2.1 document (404 if none)
 *   GET  /api/v1/sites/{site}/info/history    -> InfoPublication[] (newest first)
 *   GET  /api/v1/vos                          -> VoSummary[]
 *   GET  /api/v1/vos/{vo}                     -> VoDetail
 *   GET  /api/v1/downtimes?site=&ongoing=true -> Downtime[]
 *   GET  /api/v1/overview                     -> FederationOverview
 *   GET  /api/v1/whoami                       -> WhoAmI (anonymous without a token)
 *   GET  /api/v1/accounting/usage?site&vo&user&from&to&groupBy -> AccountingUsage (per-user and
 *        finer groups need a token of who answers for them: accounting/visibility.ts)
 *   GET  /api/v1/accounting/sites             -> AccountingSite[]
 *   GET  /api/v1/accounting/export?site&from&to -> text/plain APEL-cloud-summary-message v0.4
 *        (site-admin(site) or federation-admin)
 * Writes (bearer token; see auth/permissions.ts for who may do what):
 *   POST   /api/v1/sites                          SiteInput            federation-admin
 *   PATCH  /api/v1/sites/{site}                   Partial<SiteInput>   site-admin(site)
 *   DELETE /api/v1/sites/{site}                                        federation-admin
 *   POST   /api/v1/sites/{site}/endpoints         EndpointInput        site-admin(site)
 *   PATCH  /api/v1/endpoints/{id}                 Partial<EndpointInput> site-admin(site)
 *   DELETE /api/v1/endpoints/{id}                                      site-admin(site)
 *   PUT    /api/v1/sites/{site}/vos/{vo}          {projectId, projectName?} site-admin(site)
 *   DELETE /api/v1/sites/{site}/vos/{vo}                               site-admin(site)
 *   PUT    /api/v1/sites/{site}/extensions/{key}  {value}              site-admin(site)
 *   DELETE /api/v1/sites/{site}/extensions/{key}                       site-admin(site)
 *   POST   /api/v1/sites/{site}/downtimes         DowntimeInput        site-admin(site)
 *   PATCH  /api/v1/downtimes/{id}                 Partial<DowntimeInput> site-admin(site)
 *   DELETE /api/v1/downtimes/{id}                                      site-admin(site)
 *   PUT    /api/v1/sites/{site}/info              GLUE 2.1 JSON        site-agent(site) or site-admin(site)
 *   PUT    /api/v1/sites/{site}/accounting/batches/{id} APEL cloud message (text) site-agent(site) or site-admin(site)
 *   POST   /api/v1/vos                            VoInput              federation-admin
 *   PATCH  /api/v1/vos/{vo}                       Partial<VoInput>     vo-manager(vo)
 *   GET/POST /api/v1/roles, DELETE /api/v1/roles/{id}                  federation-admin
 * federation-admin may do everything. Errors: HubErrorBody from errors.ts.
 */

/**
 * ok: fresh info; stale: info past its validity; no-info: never published; downtime: an outage
 * now; failing: the site's agent reports it cannot read the site (the last good info stays).
 */
export type SiteStatus = 'ok' | 'stale' | 'no-info' | 'downtime' | 'failing';

export interface SiteSummary {
  name: string;
  officialName: string;
  country: string;
  countryCode: string;
  latitude: number | null;
  longitude: number | null;
  certificationStatus: string;
  productionInfrastructure: string;
  status: SiteStatus;
  /** VOs supported (registry entries, which published documents keep in step). */
  voCount: number;
  endpointCount: number;
  /** When the current (last good) document was published. */
  lastPublishedAt: string | null;
  infoExpiresAt: string | null;
  /** Why the agent cannot read the site, while it fails. */
  statusReason: string | null;
  /** Since when it fails. */
  failingSince: string | null;
}

export interface SiteInput {
  name: string;
  officialName?: string;
  description?: string;
  country?: string;
  countryCode?: string;
  roc?: string;
  latitude?: number | null;
  longitude?: number | null;
  contactEmail?: string;
  contactTel?: string;
  homeUrl?: string;
  certificationStatus?: 'Certified' | 'Candidate' | 'Uncertified' | 'Suspended' | 'Closed';
  productionInfrastructure?: 'Production' | 'Test';
  timezone?: string;
}

export interface Endpoint {
  id: number;
  /** GOCDB-style primary key, e.g. "12G0". */
  primaryKey: string;
  site: string;
  serviceType: string;
  hostname: string;
  url: string;
  hostDn: string;
  inProduction: boolean;
  monitored: boolean;
  beta: boolean;
  description: string;
}

export interface EndpointInput {
  serviceType: string;
  url: string;
  /** Defaults to the URL's host. */
  hostname?: string;
  hostDn?: string;
  inProduction?: boolean;
  monitored?: boolean;
  beta?: boolean;
  description?: string;
}

export interface SiteVoEntry {
  vo: string;
  projectId: string;
  projectName: string;
  source: 'registry' | 'info';
  /** Set when the last publication could not read the VO's project and kept its last share. */
  staleReason: string | null;
  /** When that share was last read, if known. */
  lastGoodAt: string | null;
}

export interface Downtime {
  id: number;
  primaryKey: string;
  site: string;
  classification: 'SCHEDULED' | 'UNSCHEDULED';
  severity: 'OUTAGE' | 'WARNING';
  description: string;
  startAt: string;
  endAt: string;
  insertedAt: string;
  /** Endpoint ids affected; all of the site's endpoints when the downtime names none. */
  endpointIds: number[];
  ongoing: boolean;
}

export interface DowntimeInput {
  classification: 'SCHEDULED' | 'UNSCHEDULED';
  severity: 'OUTAGE' | 'WARNING';
  description?: string;
  startAt: string;
  endAt: string;
  endpointIds?: number[];
}

export interface SiteDetail extends SiteSummary {
  description: string;
  roc: string;
  contactEmail: string;
  contactTel: string;
  homeUrl: string;
  timezone: string;
  extensions: Record<string, string>;
  endpoints: Endpoint[];
  vos: SiteVoEntry[];
  downtimes: Downtime[];
}

export interface SiteImage {
  id: string;
  name: string;
  vo: string;
  projectId: string;
  marketplaceUrl: string | null;
  osName: string;
  osVersion: string | null;
  osPlatform: string;
  /** eu.egi.cloud.image_ref when the image comes from registry.egi.eu. */
  egiId: string | null;
}

export interface SiteFlavor {
  id: string;
  name: string;
  vo: string;
  cpu: number;
  ramMb: number;
  diskGb: number;
  gpus: number;
  gpuVendor: string | null;
  gpuModel: string | null;
}

export interface InfoPublication {
  id: number;
  publishedAt: string;
  creationTime: string;
  expiresAt: string;
  publisher: string;
  shares: number;
  images: number;
  instanceTypes: number;
}

export interface VoSummary {
  name: string;
  description: string;
  siteCount: number;
}

export interface VoInput {
  name: string;
  description?: string;
  homepage?: string;
}

export interface VoSite {
  site: string;
  status: SiteStatus;
  projectId: string;
  projectName: string;
  images: SiteImage[];
}

export interface VoDetail extends VoSummary {
  homepage: string;
  sites: VoSite[];
}

export interface FederationOverview {
  sites: number;
  sitesOk: number;
  sitesStale: number;
  sitesNoInfo: number;
  sitesInDowntime: number;
  sitesFailing: number;
  vos: number;
  endpoints: number;
  images: number;
  generatedAt: string;
}

export interface WhoAmI {
  kind: 'anonymous' | 'user' | 'client';
  subject?: string;
  grants: { role: string; target: string }[];
}

export interface RoleGrantEntry {
  id: number;
  subject: string;
  role: 'federation-admin' | 'site-admin' | 'vo-manager' | 'site-agent';
  target: string;
  createdAt: string;
  createdBy: string;
}

/** What accounting usage can be grouped by (`groupBy=`, a comma list). */
export type AccountingDimension = 'site' | 'vo' | 'user' | 'month' | 'status' | 'image' | 'cpu';

/** One group's usage (accounting/usage.ts UsageRow): only the dimensions grouped by are present. */
export interface AccountingUsageRow {
  site?: string;
  vo?: string;
  user?: string;
  /** YYYY-MM. */
  month?: string;
  status?: string;
  image?: string;
  cpuCount?: number;
  wallSeconds: number;
  wallHours: number;
  cpuSeconds: number;
  cpuHours: number;
  /** VM-months: a VM counts once in each month (and group) it has a record in. */
  vms: number;
  /** Sums over the VM-months, as APEL keeps them. */
  memoryMb: number;
  diskGb: number;
}

export interface AccountingUsage {
  groupBy: AccountingDimension[];
  from: string | null;
  to: string | null;
  rows: AccountingUsageRow[];
}

/** One site of the accounting repository (accounting/sites.ts). */
export interface AccountingSite {
  site: string;
  /** Whether the site is in the registry (a removed site's accounting stays). */
  registered: boolean;
  /** VM-months stored. */
  records: number;
  vms: number;
  batches: number;
  recordsReceived: number;
  /** When its last accepted record arrived; null if none ever did. */
  lastReceivedAt: string | null;
  lastBatchAt: string | null;
  /** The latest moment its records measure. */
  latestMeasurement: string | null;
}

/** GET /api/v1/vos/{vo}/image-catalogue. current: the site has the list's version; behind: another version only; missing: none. */
export type CatalogueImageState = 'current' | 'behind' | 'missing';

export interface CatalogueImage {
  identifier: string;
  title: string;
  version: string;
  format: string;
  sizeBytes: number;
  /** The first 16 hex digits of `sl:checksum:sha512`, lower case. */
  sha512Prefix: string;
  url: string;
}

export interface CatalogueList {
  identifier: string;
  title: string;
  version: string;
  endorser: { dn: string; ca: string };
  expires: string;
  expired: boolean;
  public: boolean;
  publishedAt: string;
  images: CatalogueImage[];
}

export interface CatalogueSiteImage {
  identifier: string;
  state: CatalogueImageState;
  /** The version the site has: the list's when current, the highest other when behind. */
  siteVersion: string | null;
}

export interface CatalogueSite {
  site: string;
  status: SiteStatus;
  /** The site's current information document; null when it never published. */
  info: { publishedAt: string; creationTime: string } | null;
  /** One entry per list image, in the list's order; empty without a readable list. */
  images: CatalogueSiteImage[];
  counts: Record<CatalogueImageState, number>;
}

/** published: the list is shown; none: the VO published no list; private: not for this caller. */
export type CatalogueListState = 'published' | 'none' | 'private';

export interface VoImageCatalogue {
  vo: string;
  state: CatalogueListState;
  list: CatalogueList | null;
  sites: CatalogueSite[];
}
