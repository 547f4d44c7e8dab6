import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import type { HubDb } from '../db/tables.js';
import type { InfoStore } from '../info/index.js';
import { type LdifSite, rootEntry, siteEntries } from './glue2-ldif.js';
import { ldifHeader, writeEntries } from './ldif-writer.js';

interface SiteRow {
  id: number;
  name: string;
  official_name: string;
  description: string;
  home_url: string;
  roc: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  contact_email: string;
}

function ldifSite(row: SiteRow): LdifSite {
  return {
    name: row.name,
    officialName: row.official_name,
    description: row.description,
    homeUrl: row.home_url,
    roc: row.roc,
    country: row.country,
    latitude: row.latitude,
    longitude: row.longitude,
    contactEmail: row.contact_email,
  };
}

/**
 * Renders sites' current documents as GLUE 2.0 LDIF. A site's part is rendered once per
 * (document, registry facts) and kept while that document is current: a top BDII polling the
 * whole federation every few minutes then costs string joins, not 300 parses.
 */
export class LdifExporter {
  private readonly parts = new Map<number, { key: string; text: string }>();

  constructor(
    private readonly db: HubDb,
    private readonly store: InfoStore,
  ) {}

  private siteRows(ids: number[]): Promise<SiteRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('sites')
      .select([
        'id',
        'name',
        'official_name',
        'description',
        'home_url',
        'roc',
        'country',
        'latitude',
        'longitude',
        'contact_email',
      ])
      .where('id', 'in', ids)
      .execute();
  }

  private async part(row: SiteRow, documentId: number): Promise<string | undefined> {
    const key = JSON.stringify(row);
    const known = this.parts.get(documentId);
    if (known?.key === key) return known.text;
    const doc = await this.db
      .selectFrom('info_documents')
      .select('body')
      .where('id', '=', documentId)
      .executeTakeFirst();
    if (!doc) return undefined;
    let parsed;
    try {
      parsed = glue21DocumentSchema.safeParse(JSON.parse(doc.body));
    } catch {
      return undefined;
    }
    if (!parsed.success) return undefined;
    const text = writeEntries(siteEntries({ site: ldifSite(row), document: parsed.data }));
    this.parts.set(documentId, { key, text });
    return text;
  }

  /** Every site whose current document is fresh at `now`, in one tree under o=glue. */
  async federation(now: Date, comments: string[]): Promise<string> {
    const snapshot = await this.store.current();
    const fresh = snapshot.sites.filter(
      (s) => s.info !== null && s.info.meta.expiresAtMs > now.getTime(),
    );
    const rows = new Map((await this.siteRows(fresh.map((s) => s.id))).map((r) => [r.id, r]));
    const texts: string[] = [ldifHeader(comments), writeEntries([rootEntry()])];
    const keep = new Set<number>();
    for (const site of fresh) {
      const row = rows.get(site.id);
      if (!row || !site.info) continue;
      keep.add(site.info.meta.documentId);
      const text = await this.part(row, site.info.meta.documentId);
      if (text) texts.push(text);
    }
    for (const id of this.parts.keys()) if (!keep.has(id)) this.parts.delete(id);
    return texts.join('');
  }

  /** One site's current document (fresh or stale) as a standalone tree. */
  async site(siteId: number, documentId: number, comments: string[]): Promise<string | undefined> {
    const [row] = await this.siteRows([siteId]);
    if (!row) return undefined;
    const text = await this.part(row, documentId);
    if (text === undefined) return undefined;
    return ldifHeader(comments) + writeEntries([rootEntry()]) + text;
  }
}
