import type { InfoPublication, SiteFlavor, SiteImage } from '../api-types.js';
import type { HubDb } from '../db/tables.js';
import { type DerivedInfo, siteFlavorsOf, siteImagesOf } from './derive.js';
import type { InfoStore } from './store.js';

export interface CurrentDocument {
  siteId: number;
  documentId: number;
  publishedAt: string;
  creationTime: string;
  expiresAt: string;
  publisher: string;
}

/** The current document's metadata; undefined if the site is unknown or never published. */
export async function currentDocumentOf(
  db: HubDb,
  siteName: string,
): Promise<CurrentDocument | undefined> {
  const row = await db
    .selectFrom('sites')
    .innerJoin('info_current', 'info_current.site_id', 'sites.id')
    .innerJoin('info_documents', 'info_documents.id', 'info_current.document_id')
    .select([
      'sites.id as site_id',
      'info_documents.id',
      'info_documents.published_at',
      'info_documents.creation_time',
      'info_documents.expires_at',
      'info_documents.publisher',
    ])
    .where('sites.name', '=', siteName)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    siteId: row.site_id,
    documentId: row.id,
    publishedAt: row.published_at,
    creationTime: row.creation_time,
    expiresAt: row.expires_at,
    publisher: row.publisher,
  };
}

async function currentDerived(
  db: HubDb,
  store: InfoStore,
  siteName: string,
): Promise<DerivedInfo | null> {
  const current = await currentDocumentOf(db, siteName);
  if (!current) return null;
  return store.derivedFor(current.documentId);
}

/**
 * The images a VO's project sees at a site, from the site's current document (fresh or stale:
 * the caller shows the site's status beside them). [] when the site published nothing for it.
 */
export async function imagesForSiteVo(
  db: HubDb,
  store: InfoStore,
  siteName: string,
  vo: string,
): Promise<SiteImage[]> {
  const derived = await currentDerived(db, store, siteName);
  return derived ? siteImagesOf(derived, vo) : [];
}

/** Every (VO, image) row of the site's current document; undefined if it has none. */
export async function siteImages(
  db: HubDb,
  store: InfoStore,
  siteName: string,
): Promise<SiteImage[] | undefined> {
  const derived = await currentDerived(db, store, siteName);
  return derived ? siteImagesOf(derived) : undefined;
}

export async function siteFlavors(
  db: HubDb,
  store: InfoStore,
  siteName: string,
): Promise<SiteFlavor[] | undefined> {
  const derived = await currentDerived(db, store, siteName);
  return derived ? siteFlavorsOf(derived) : undefined;
}

/** The site's publications, newest first; counts come from the (cached) derived documents. */
export async function infoHistory(
  db: HubDb,
  store: InfoStore,
  siteId: number,
  limit: number,
): Promise<InfoPublication[]> {
  const rows = await db
    .selectFrom('info_documents')
    .select(['id', 'published_at', 'creation_time', 'expires_at', 'publisher'])
    .where('site_id', '=', siteId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const out: InfoPublication[] = [];
  for (const row of rows) {
    const derived = await store.derivedFor(row.id);
    out.push({
      id: row.id,
      publishedAt: row.published_at,
      creationTime: row.creation_time,
      expiresAt: row.expires_at,
      publisher: row.publisher,
      shares: derived?.counts.shares ?? 0,
      images: derived?.counts.images ?? 0,
      instanceTypes: derived?.counts.instanceTypes ?? 0,
    });
  }
  return out;
}
