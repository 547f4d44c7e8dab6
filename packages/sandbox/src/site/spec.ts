/** One VO's project at one site. Names differ per site, as at real EGI sites. */
export interface VoProject {
  vo: string;
  projectId: string;
  projectName: string;
}

export interface FlavorSeed {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  extraSpecs: Record<string, string>;
}

export interface ImageSeed {
  id: string;
  name: string;
  osDistro: string;
  osVersion: string;
  /** Properties published by EGI image replication (appdb / registry.egi.eu references). */
  properties: Record<string, string>;
}

export interface Quotas {
  instances: number;
  cores: number;
  ram: number;
  key_pairs: number;
  floating_ips: number;
  security_groups: number;
  volumes: number;
  gigabytes: number;
}

/** Everything that describes one emulated site; pure data, derived from the cluster options. */
export interface SiteSpec {
  /** GOCDB-style site name, e.g. SANDBOX-ALPHA. */
  name: string;
  index: number;
  region: string;
  /** Identity provider id and protocols registered in this site's Keystone. */
  identityProvider: string;
  protocols: string[];
  adminProjectId: string;
  adminUserId: string;
  adminPassword: string;
  /**
   * The `fedcloud-agent` service user (Default domain): reader on every VO project for the
   * information and accounting agents, member of the images project and the VO projects for the
   * image sync (which shares its images with a VO's project and accepts them there).
   */
  agentUserId: string;
  /** The project that owns the images the site's image sync keeps (atrope's `[glance] project_id`). */
  imagesProjectId: string;
  agentPassword: string;
  vos: VoProject[];
  flavors: FlavorSeed[];
  images: ImageSeed[];
  quotas: Quotas;
  /** How long a new server stays in BUILD. */
  buildDelayMs: number;
  tokenTtlSeconds: number;
}
