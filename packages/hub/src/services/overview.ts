import type { FederationOverview } from '../api-types.js';
import type { HubDb } from '../db/tables.js';
import { loadSiteStates } from './site-status.js';
import { listVos } from './vos.js';

/** Image counts per info document id; a document never changes once stored. */
const imageCounts = new WeakMap<HubDb, Map<number, number>>();

/**
 * Distinct images of a document: cloud-info-provider repeats an image once per share that sees
 * it (a public image at a site with five VOs is five entities), so entities are counted by ID.
 */
export function countImages(body: string): number {
  try {
    const doc = JSON.parse(body) as { CloudComputingImage?: unknown };
    if (!Array.isArray(doc.CloudComputingImage)) return 0;
    const ids = new Set<unknown>();
    for (const image of doc.CloudComputingImage as { ID?: unknown }[]) ids.add(image?.ID);
    return ids.size;
  } catch {
    return 0;
  }
}

/** Images offered across the federation: distinct images of every site's current document. */
async function currentImageCount(db: HubDb): Promise<number> {
  const cache = imageCounts.get(db) ?? new Map<number, number>();
  imageCounts.set(db, cache);
  const current = await db.selectFrom('info_current').select('document_id').execute();
  const ids = new Set(current.map((c) => c.document_id));
  for (const id of cache.keys()) if (!ids.has(id)) cache.delete(id);
  const missing = [...ids].filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const docs = await db
      .selectFrom('info_documents')
      .select(['id', 'body'])
      .where('id', 'in', missing)
      .execute();
    for (const doc of docs) cache.set(doc.id, countImages(doc.body));
  }
  let total = 0;
  for (const id of ids) total += cache.get(id) ?? 0;
  return total;
}

export async function federationOverview(db: HubDb, now: Date): Promise<FederationOverview> {
  const [states, vos, endpoints, images] = await Promise.all([
    loadSiteStates(db, now),
    listVos(db),
    db
      .selectFrom('endpoints')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
    currentImageCount(db),
  ]);
  const by = { ok: 0, stale: 0, 'no-info': 0, downtime: 0, failing: 0 };
  for (const state of states.values()) by[state.status] += 1;
  return {
    sites: states.size,
    sitesOk: by.ok,
    sitesStale: by.stale,
    sitesNoInfo: by['no-info'],
    sitesInDowntime: by.downtime,
    sitesFailing: by.failing,
    vos: vos.length,
    endpoints: Number(endpoints.n),
    images,
    generatedAt: now.toISOString(),
  };
}
