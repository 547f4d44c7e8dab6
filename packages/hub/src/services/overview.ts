import type { FederationOverview } from '../api-types.js';
import type { HubDb } from '../db/tables.js';
import type { ImageCounts } from '../info/index.js';
import { loadSiteStates } from './site-status.js';
import { listVos } from './vos.js';

export async function federationOverview(
  db: HubDb,
  imageCounts: ImageCounts,
  now: Date,
): Promise<FederationOverview> {
  const [states, vos, endpoints, images] = await Promise.all([
    loadSiteStates(db, now),
    listVos(db),
    db
      .selectFrom('endpoints')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
    imageCounts.current(),
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
