/** One VO's entry in a site file: its project at that site. */
export interface SiteVo {
  name: string;
  projectId: string;
  /** Keys besides name/auth (defaultNetwork, publicNetwork, ...), kept as given. */
  extra: Record<string, unknown>;
}

/** A site as fedcloud-catchall-operations describes it (one YAML file per site). */
export interface SiteConfig {
  /** GOCDB name. */
  name: string;
  /** Keystone URL exactly as configured (often with a trailing /v3/). */
  endpoint: string;
  protocol: 'openid' | 'oidc';
  region?: string;
  vos: SiteVo[];
  images?: { sync?: boolean; formats?: string[] };
  /** Where this description came from (file path or URL), for messages. */
  source: string;
  /**
   * 'unreachable' when the hub says the site's agent cannot read it: the VOs and projects are
   * the last good ones, and calls to the site may well fail.
   */
  state?: 'unreachable';
}

export interface SiteListOptions {
  signal?: AbortSignal;
  /** Ask the source itself, not a cached copy (a hub's list is cached; a folder never is). */
  refresh?: boolean;
}

/** Any source of site descriptions: a sites folder, or a hub. */
export interface SiteDirectory {
  readonly description: string;
  listSites(options?: SiteListOptions): Promise<SiteConfig[]>;
}
