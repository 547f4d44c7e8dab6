import type { SiteVoEntry } from '../api-types.js';
import type { HubDb, SiteRow } from '../db/tables.js';
import { HubError } from '../errors.js';

export async function listSiteVos(db: HubDb, site: SiteRow): Promise<SiteVoEntry[]> {
  const rows = await db
    .selectFrom('site_vos')
    .select(['vo', 'project_id', 'project_name', 'source', 'stale_reason', 'last_good_at'])
    .where('site_id', '=', site.id)
    .orderBy('vo')
    .execute();
  return rows.map((r) => ({
    vo: r.vo,
    projectId: r.project_id,
    projectName: r.project_name,
    source: r.source === 'info' ? 'info' : 'registry',
    staleReason: r.stale_reason || null,
    lastGoodAt: r.last_good_at || null,
  }));
}

/**
 * Sets the project a VO uses at a site. Written through the API, so the entry is marked
 * 'registry' (a hand-made entry, which published documents then keep in step).
 */
export async function putSiteVo(
  db: HubDb,
  site: SiteRow,
  vo: string,
  input: { projectId: string; projectName?: string | undefined },
  now: Date,
): Promise<{ entry: SiteVoEntry; created: boolean }> {
  const stamp = now.toISOString();
  const values = {
    project_id: input.projectId,
    project_name: input.projectName ?? '',
    source: 'registry',
    updated_at: stamp,
  };
  const created = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('site_vos')
      .select('vo')
      .where('site_id', '=', site.id)
      .where('vo', '=', vo)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('site_vos')
        .set(values)
        .where('site_id', '=', site.id)
        .where('vo', '=', vo)
        .execute();
      return false;
    }
    await trx
      .insertInto('site_vos')
      .values({ site_id: site.id, vo, ...values })
      .execute();
    return true;
  });
  return {
    entry: {
      vo,
      projectId: values.project_id,
      projectName: values.project_name,
      source: 'registry',
      staleReason: null,
      lastGoodAt: null,
    },
    created,
  };
}

export async function deleteSiteVo(db: HubDb, site: SiteRow, vo: string): Promise<void> {
  const result = await db
    .deleteFrom('site_vos')
    .where('site_id', '=', site.id)
    .where('vo', '=', vo)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw new HubError('NOT_FOUND', `site ${site.name} does not support VO ${vo}`, {
      site: site.name,
      vo,
    });
  }
}
