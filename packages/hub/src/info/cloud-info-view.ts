import { CachedBody } from './cached-body.js';
import type { DerivedImage, DerivedShare } from './derive.js';
import type { InfoSnapshot, NovaEndpoint, SnapshotSite } from './store.js';

/**
 * cloud-info-api's answers (EGI-Federation/cloud-info-api app/main.py, app/glue.py), field for
 * field and in its key order: Site {id, name, url, state, hostname, projects?}, Project {id,
 * name = VO}, Image {egi_id, id, endpoint, mpuri, name, version, vo}. Only sites whose current
 * document is fresh are listed, as cloud-info-api skips documents past CreationTime + Validity,
 * with one exception: a site whose agent reports it cannot read it keeps its last good document
 * listed, with `state` "unreachable", so an outage never makes a site and its VOs vanish.
 */
interface CloudProject {
  id: string;
  name: string;
}

export interface CloudSiteSummary {
  id: string;
  name: string;
  url: string;
  state: string;
  hostname: string;
  /** Not in cloud-info-api: the site's region, when its agent published one (fedcloud reads it). */
  region?: string;
  projects?: CloudProject[];
}

export interface CloudImage {
  egi_id: string;
  id: string;
  endpoint: string;
  mpuri: string;
  name: string;
  version: string;
  vo: string;
}

export interface CloudInfoSite {
  name: string;
  url: string;
  summary: CloudSiteSummary;
  projects: CloudProject[];
  shares: DerivedShare[];
}

/** The provider's `_are_url_similar`: same scheme and host, same path up to slashes. */
function similarUrls(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const trim = (p: string) => p.replace(/^\/+|\/+$/g, '');
    return x.protocol === y.protocol && x.host === y.host && trim(x.pathname) === trim(y.pathname);
  } catch {
    return false;
  }
}

/**
 * The GOCDB id is the document's own (Service OtherInfo.gocdb_id, looked up by the provider)
 * or, when the publisher did not look itself up, the hub's nova endpoint serving the document's
 * URL; the hostname is then found by that id, as cloud-info-api does against GOCDB.
 */
function gocdbIdentity(
  site: SnapshotSite,
  gocdbId: string | null,
  url: string,
  hostnames: Map<string, string>,
): { id: string; hostname: string } {
  let id = gocdbId;
  if (id === null) {
    const match: NovaEndpoint | undefined =
      site.nova.find((e) => similarUrls(e.url, url)) ?? site.nova[0];
    id = match?.primaryKey ?? '';
  }
  return { id, hostname: hostnames.get(id) ?? '' };
}

function cloudImage(image: DerivedImage, vo: string, endpoint: string): CloudImage {
  return {
    egi_id: image.egiId ?? '',
    id: image.id,
    endpoint,
    mpuri: image.marketplaceUrl ?? '',
    name: image.name,
    version: image.version,
    vo,
  };
}

/** One consistent picture of the fresh sites at one instant, plus the bytes already answered. */
export class CloudInfoView {
  readonly sites: CloudInfoSite[];
  readonly byName: Map<string, CloudInfoSite>;
  readonly voNames: string[];
  /** The view holds for request times in [validFromMs, validUntilMs). */
  readonly validFromMs: number;
  readonly validUntilMs: number;
  private readonly responses = new Map<string, CachedBody>();
  private static readonly MAX_RESPONSES = 512;
  private static readonly encoder = new TextEncoder();

  constructor(
    readonly snapshot: InfoSnapshot,
    nowMs: number,
  ) {
    let until = Number.POSITIVE_INFINITY;
    const sites: CloudInfoSite[] = [];
    for (const site of snapshot.sites) {
      const info = site.info;
      if (!info) continue;
      const fresh = info.meta.expiresAtMs > nowMs;
      if (!fresh && !site.failing) continue;
      if (fresh) until = Math.min(until, info.meta.expiresAtMs);
      const derived = info.derived;
      const url = derived.endpointUrl;
      const { id, hostname } = gocdbIdentity(
        site,
        derived.gocdbId,
        url,
        snapshot.hostnameByPrimaryKey,
      );
      const projects = derived.shares.map((s) => ({ id: s.projectId, name: s.vo }));
      sites.push({
        name: site.name,
        url,
        summary: {
          id,
          name: site.name,
          url,
          state: site.failing ? 'unreachable' : '',
          hostname,
          ...(derived.region ? { region: derived.region } : {}),
        },
        projects,
        shares: derived.shares,
      });
    }
    this.sites = sites;
    this.byName = new Map(sites.map((s) => [s.name, s]));
    const vos = new Set(snapshot.voNames);
    for (const site of sites) for (const share of site.shares) vos.add(share.vo);
    this.voNames = [...vos].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.validFromMs = nowMs;
    this.validUntilMs = until;
  }

  holdsAt(snapshot: InfoSnapshot, nowMs: number): boolean {
    return this.snapshot === snapshot && nowMs >= this.validFromMs && nowMs < this.validUntilMs;
  }

  /**
   * The serialised answer for a request key, computed once per view: /sites/ for 300 sites is
   * ~50 kB of JSON, and stringifying it per request would cost more than the rest of the request.
   * Bounded, since keys include client-chosen query values.
   */
  response(key: string, build: () => unknown): CachedBody {
    return this.cached(key, () => JSON.stringify(build()));
  }

  /** Like response(), for an answer that is already text (the fedcloudclient YAML). */
  text(key: string, build: () => string): CachedBody {
    return this.cached(key, build);
  }

  private cached(key: string, build: () => string): CachedBody {
    const known = this.responses.get(key);
    if (known) return known;
    const body = new CachedBody(CloudInfoView.encoder.encode(build()));
    if (this.responses.size < CloudInfoView.MAX_RESPONSES) this.responses.set(key, body);
    return body;
  }

  supportsVo(site: CloudInfoSite, vo: string): boolean {
    return site.shares.some((s) => s.vo === vo);
  }

  /** cloud-info-api's vo_share: the first share of the VO. */
  voShare(site: CloudInfoSite, vo: string): DerivedShare | undefined {
    return site.shares.find((s) => s.vo === vo);
  }

  summary(site: CloudInfoSite, includeProjects: boolean): CloudSiteSummary {
    return includeProjects ? { ...site.summary, projects: site.projects } : site.summary;
  }

  sitesFor(vo: string): CloudInfoSite[] {
    return vo ? this.sites.filter((s) => this.supportsVo(s, vo)) : this.sites;
  }

  siteImages(site: CloudInfoSite): CloudImage[] {
    return site.shares.flatMap((share) =>
      share.images.map((image) => cloudImage(image, share.vo, site.url)),
    );
  }

  voImages(site: CloudInfoSite, vo: string): CloudImage[] {
    const share = this.voShare(site, vo);
    return share ? share.images.map((image) => cloudImage(image, share.vo, site.url)) : [];
  }
}

/** Keeps the last view of a store and rebuilds it only when the snapshot or the clock moves on. */
export class CloudInfoViews {
  private last: CloudInfoView | undefined;

  at(snapshot: InfoSnapshot, nowMs: number): CloudInfoView {
    const last = this.last;
    if (last?.holdsAt(snapshot, nowMs)) return last;
    const view = new CloudInfoView(snapshot, nowMs);
    this.last = view;
    return view;
  }
}

export function onlyEgi(images: CloudImage[], only: boolean): CloudImage[] {
  return only ? images.filter((i) => i.egi_id !== '') : images;
}
