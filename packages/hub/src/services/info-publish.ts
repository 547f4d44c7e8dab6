import type { HubDb } from '../db/tables.js';
import type { ValidatedDocument, VoProject } from './info-document.js';
import { infoStoreFor } from './info-store.js';

export interface PublishResult {
  id: number;
  publishedAt: string;
  expiresAt: string;
  shares: number;
  images: number;
  instanceTypes: number;
}

export interface SiteVoRow {
  vo: string;
  project_id: string;
  project_name: string;
  source: string;
}

/**
 * How a published document changes the site's VO list (a pure plan, applied by publishSiteInfo):
 * the document is the truth for 'info' rows (added, updated, removed to match it); rows set by
 * hand ('registry') are kept unless the document names the same VO, whose project it then
 * knows better (it was read from the site's Keystone), so the row becomes 'info'.
 */
export function planSiteVoSync(
  existing: SiteVoRow[],
  published: VoProject[],
): {
  upsert: { vo: string; projectId: string; projectName: string }[];
  remove: string[];
} {
  const byVo = new Map(existing.map((row) => [row.vo, row]));
  const upsert = [];
  for (const p of published) {
    const row = byVo.get(p.vo);
    const projectName = p.projectName || row?.project_name || '';
    if (
      row &&
      row.source === 'info' &&
      row.project_id === p.projectId &&
      row.project_name === projectName
    ) {
      continue;
    }
    upsert.push({ vo: p.vo, projectId: p.projectId, projectName });
  }
  const named = new Set(published.map((p) => p.vo));
  const remove = existing.filter((r) => r.source === 'info' && !named.has(r.vo)).map((r) => r.vo);
  return { upsert, remove };
}

/**
 * Stores a validated document as the site's current information, in one transaction: the
 * history row, the current pointer and the site's VO list change together or not at all.
 */
export async function publishSiteInfo(
  db: HubDb,
  input: {
    siteId: number;
    body: string;
    validated: ValidatedDocument;
    publisher: string;
    now: Date;
  },
): Promise<PublishResult> {
  const publishedAt = input.now.toISOString();
  const { validated } = input;
  const id = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('info_documents')
      .values({
        site_id: input.siteId,
        published_at: publishedAt,
        creation_time: validated.creationTime,
        expires_at: validated.expiresAt,
        publisher: input.publisher,
        body: input.body,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('info_current')
      .values({ site_id: input.siteId, document_id: inserted.id })
      .onConflict((oc) => oc.column('site_id').doUpdateSet({ document_id: inserted.id }))
      .execute();

    const existing = await trx
      .selectFrom('site_vos')
      .select(['vo', 'project_id', 'project_name', 'source'])
      .where('site_id', '=', input.siteId)
      .execute();
    const plan = planSiteVoSync(existing, validated.voProjects);
    for (const change of plan.upsert) {
      // An upsert even for rows planned as new: a concurrent publication of the same site may
      // have inserted the row since it was read.
      const values = {
        project_id: change.projectId,
        project_name: change.projectName,
        source: 'info',
        updated_at: publishedAt,
      };
      await trx
        .insertInto('site_vos')
        .values({ site_id: input.siteId, vo: change.vo, ...values })
        .onConflict((oc) => oc.columns(['site_id', 'vo']).doUpdateSet(values))
        .execute();
    }
    if (plan.remove.length > 0) {
      await trx
        .deleteFrom('site_vos')
        .where('site_id', '=', input.siteId)
        .where('source', '=', 'info')
        .where('vo', 'in', plan.remove)
        .execute();
    }
    return inserted.id;
  });
  infoStoreFor(db).invalidate();
  return {
    id,
    publishedAt,
    expiresAt: validated.expiresAt,
    shares: validated.counts.shares,
    images: validated.counts.images,
    instanceTypes: validated.counts.instanceTypes,
  };
}
