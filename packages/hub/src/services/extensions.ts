import type { HubDb, SiteRow } from '../db/tables.js';
import { HubError } from '../errors.js';

export async function listExtensions(db: HubDb, site: SiteRow): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('site_extensions')
    .select(['key', 'value'])
    .where('site_id', '=', site.id)
    .orderBy('key')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** Sets one extension property (GOCDB site property); true when it did not exist before. */
export async function putExtension(
  db: HubDb,
  site: SiteRow,
  key: string,
  value: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('site_extensions')
      .set({ value })
      .where('site_id', '=', site.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return false;
    await trx.insertInto('site_extensions').values({ site_id: site.id, key, value }).execute();
    return true;
  });
}

export async function deleteExtension(db: HubDb, site: SiteRow, key: string): Promise<void> {
  const result = await db
    .deleteFrom('site_extensions')
    .where('site_id', '=', site.id)
    .where('key', '=', key)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw new HubError('NOT_FOUND', `site ${site.name} has no extension ${key}`, {
      site: site.name,
      key,
    });
  }
}
