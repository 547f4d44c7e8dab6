import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import type { HubDb } from '../db/tables.js';
import { type DerivedInfo, deriveInfo } from './derive.js';
import { ImageCounts } from './image-count.js';
import { primaryKey } from '../services/lookup.js';

export interface NovaEndpoint {
  primaryKey: string;
  hostname: string;
  url: string;
}

interface CurrentInfoMeta {
  documentId: number;
  publishedAt: string;
  creationTime: string;
  expiresAt: string;
  expiresAtMs: number;
  publisher: string;
}

export interface SnapshotSite {
  id: number;
  name: string;
  /** The site's org.openstack.nova endpoints: cloud-info-api's id and hostname come from them. */
  nova: NovaEndpoint[];
  /** The current document (fresh or stale) and what was derived from it; null if none. */
  info: { meta: CurrentInfoMeta; derived: DerivedInfo } | null;
  /** Set while the site's agent reports that it cannot read the site. */
  failing: { reason: string; since: string } | null;
}

/** Everything the cloud-info reads need, loaded without reading a single document body twice. */
export interface InfoSnapshot {
  sites: SnapshotSite[];
  byName: Map<string, SnapshotSite>;
  /** Names in the hub's VO table (the Operations Portal's role). */
  voNames: string[];
  /** Hostname of every org.openstack.nova endpoint by GOCDB primary key. */
  hostnameByPrimaryKey: Map<string, string>;
}

/**
 * Why a cache, and how it stays right: cloud-info reads (/sites/ and friends) are the hot path;
 * answering them from the database would mean parsing every site's GLUE document on every
 * request. Instead each document body is parsed and derived ONCE, keyed by its immutable id
 * (info_documents rows are never updated, only superseded), and the small registry facts the
 * reads join in (site names, nova endpoints, VO names, which document is current) are kept in
 * one snapshot.
 *
 * The snapshot is trusted until one of:
 *  - this hub publishes a document or a health report (the publish paths call invalidate(), so
 *    a publisher reads its own write at once), or another writer calls invalidate();
 *  - RECHECK_MS pass: the next read re-runs four cheap queries (no bodies) and only parses
 *    documents it has not seen. This bounds how late another hub process sharing the database
 *    (PostgreSQL behind a load balancer) or a registry change made elsewhere becomes visible,
 *    without a query on every request. A version counter in the database would need a schema
 *    change that the registry's writers would all have to maintain; a 1 s delay is well inside
 *    the minutes-to-hours cadence at which sites publish.
 * Staleness by time (expires_at) needs no database: views compare it with the request's clock.
 *
 * One store per hub app, made with its context (createHubContext) and reached through
 * `ctx.info`: every route group then reads the same snapshot and sees the same invalidate().
 */
export class InfoStore {
  static readonly RECHECK_MS = 1_000;
  private readonly derived = new Map<number, DerivedInfo | null>();
  private snapshot: InfoSnapshot | undefined;
  private fingerprint = '';
  private checkedAt = Number.NEGATIVE_INFINITY;
  private generation = 0;
  private loadedGeneration = -1;
  private loading: Promise<void> | undefined;
  /** The overview's image total, cached per document like the derived information. */
  readonly imageCounts: ImageCounts;

  constructor(
    private readonly db: HubDb,
    private readonly recheckMs = InfoStore.RECHECK_MS,
  ) {
    this.imageCounts = new ImageCounts(db);
  }

  /** Marks the snapshot out of date; the next read reloads it before answering. */
  invalidate(): void {
    this.generation += 1;
  }

  /** The snapshot when it is known to be current, without awaiting anything (the hot path). */
  peek(): InfoSnapshot | undefined {
    if (
      this.snapshot !== undefined &&
      this.loadedGeneration === this.generation &&
      performance.now() - this.checkedAt < this.recheckMs
    ) {
      return this.snapshot;
    }
    return undefined;
  }

  async current(): Promise<InfoSnapshot> {
    for (;;) {
      const ready = this.peek();
      if (ready) return ready;
      // Concurrent readers share one reload; an invalidate() during it makes them load again.
      this.loading ??= this.load().finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
  }

  /** What was derived from a document (cached by its id); null if its body no longer parses. */
  async derivedFor(documentId: number): Promise<DerivedInfo | null> {
    const known = this.derived.get(documentId);
    if (known !== undefined) return known;
    const row = await this.db
      .selectFrom('info_documents')
      .select(['id', 'body'])
      .where('id', '=', documentId)
      .executeTakeFirst();
    if (!row) return null;
    return this.remember(row.id, row.body);
  }

  private remember(id: number, body: string): DerivedInfo | null {
    let derived: DerivedInfo | null = null;
    try {
      const parsed = glue21DocumentSchema.safeParse(JSON.parse(body));
      if (parsed.success) derived = deriveInfo(parsed.data);
    } catch {
      derived = null;
    }
    if (derived === null) {
      console.warn(`fedcloud-hub: stored info document ${id} no longer parses; it is ignored`);
    }
    this.derived.set(id, derived);
    return derived;
  }

  private async load(): Promise<void> {
    const generation = this.generation;
    const started = performance.now();
    const db = this.db;
    const [sites, endpoints, current, vos, health] = await Promise.all([
      db.selectFrom('sites').select(['id', 'name']).execute(),
      db
        .selectFrom('endpoints')
        .select(['id', 'site_id', 'hostname', 'url'])
        .where('service_type', '=', 'org.openstack.nova')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('info_current')
        .innerJoin('info_documents', 'info_documents.id', 'info_current.document_id')
        .select([
          'info_current.site_id',
          'info_documents.id',
          'info_documents.published_at',
          'info_documents.creation_time',
          'info_documents.expires_at',
          'info_documents.publisher',
        ])
        .execute(),
      db.selectFrom('vos').select('name').execute(),
      db.selectFrom('info_health').select(['site_id', 'reason', 'failing_since']).execute(),
    ]);

    const missing = current.map((c) => c.id).filter((id) => !this.derived.has(id));
    for (let i = 0; i < missing.length; i += 200) {
      const rows = await db
        .selectFrom('info_documents')
        .select(['id', 'body'])
        .where('id', 'in', missing.slice(i, i + 200))
        .execute();
      for (const row of rows) this.remember(row.id, row.body);
    }
    const currentIds = new Set(current.map((c) => c.id));
    for (const id of this.derived.keys()) if (!currentIds.has(id)) this.derived.delete(id);

    const fingerprint = JSON.stringify([
      sites.map((s) => [s.id, s.name]),
      endpoints.map((e) => [e.id, e.site_id, e.hostname, e.url]),
      current.map((c) => [c.site_id, c.id]),
      vos.map((v) => v.name),
      health.map((h) => [h.site_id, h.reason, h.failing_since]),
    ]);
    if (fingerprint !== this.fingerprint || this.snapshot === undefined) {
      this.snapshot = buildSnapshot(sites, endpoints, current, vos, health, this.derived);
      this.fingerprint = fingerprint;
    }
    this.checkedAt = started;
    this.loadedGeneration = generation;
  }
}

function buildSnapshot(
  sites: { id: number; name: string }[],
  endpoints: { id: number; site_id: number; hostname: string; url: string }[],
  current: {
    site_id: number;
    id: number;
    published_at: string;
    creation_time: string;
    expires_at: string;
    publisher: string;
  }[],
  vos: { name: string }[],
  health: { site_id: number; reason: string; failing_since: string }[],
  derived: Map<number, DerivedInfo | null>,
): InfoSnapshot {
  const failingBySite = new Map(health.map((h) => [h.site_id, h]));
  const nova = new Map<number, NovaEndpoint[]>();
  const hostnameByPrimaryKey = new Map<string, string>();
  for (const e of endpoints) {
    const entry = { primaryKey: primaryKey(e.id), hostname: e.hostname, url: e.url };
    hostnameByPrimaryKey.set(entry.primaryKey, e.hostname);
    const list = nova.get(e.site_id) ?? [];
    list.push(entry);
    nova.set(e.site_id, list);
  }
  const currentBySite = new Map(current.map((c) => [c.site_id, c]));
  const list: SnapshotSite[] = [...sites]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((site) => {
      const doc = currentBySite.get(site.id);
      const info = doc ? derived.get(doc.id) : undefined;
      const failing = failingBySite.get(site.id);
      return {
        failing: failing ? { reason: failing.reason, since: failing.failing_since } : null,
        id: site.id,
        name: site.name,
        nova: nova.get(site.id) ?? [],
        info:
          doc && info
            ? {
                meta: {
                  documentId: doc.id,
                  publishedAt: doc.published_at,
                  creationTime: doc.creation_time,
                  expiresAt: doc.expires_at,
                  expiresAtMs: Date.parse(doc.expires_at),
                  publisher: doc.publisher,
                },
                derived: info,
              }
            : null,
      };
    });
  return {
    sites: list,
    byName: new Map(list.map((s) => [s.name, s])),
    voNames: vos.map((v) => v.name),
    hostnameByPrimaryKey,
  };
}
