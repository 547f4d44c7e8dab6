import type { FederationOverview } from '../api-types.js';
import type { HubDb } from '../db/tables.js';
import { loadSiteStates } from './site-status.js';
import { listVos } from './vos.js';

/** Image counts per info document id; a document never changes once stored. */
const imageCounts = new WeakMap<HubDb, Map<number, number>>();

function countImages(body: string): number {
  try {
    const doc = JSON.parse(body) as { CloudComputingImage?: unknown };
    return Array.isArray(doc.CloudComputingImage) ? doc.CloudComputingImage.length : 0;
  } catch {
    return 0;
  }
}

/** Images offered across the federation: the sum over every site's current document. */
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
