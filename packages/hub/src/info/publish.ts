import { DEFAULT_INFO_POLICY, type InfoPolicy } from '../config.js';
import type { HubDb } from '../db/tables.js';
import { HubError } from '../errors.js';
import type { ValidatedDocument, VoProject } from './document.js';
import type { InfoStore } from './store.js';

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
  stale_reason: string;
  last_good_at: string;
}

export interface SiteVoChange {
  vo: string;
  projectId: string;
  projectName: string;
  staleReason: string;
  lastGoodAt: string;
}

/**
 * How a published document changes the site's VO list (a pure plan, applied by publishSiteInfo):
 * the document is the truth for 'info' rows (added, updated, removed to match it); rows set by
 * hand ('registry') are kept unless the document names the same VO, whose project it then
 * knows better (it was read from the site's Keystone), so the row becomes 'info'. A share the
 * publisher marked stale keeps its VO and carries the reason, so the site stays listed for the VO.
 */
export function planSiteVoSync(
  existing: SiteVoRow[],
  published: VoProject[],
): {
  upsert: SiteVoChange[];
  remove: string[];
} {
  const byVo = new Map(existing.map((row) => [row.vo, row]));
  const upsert: SiteVoChange[] = [];
  for (const p of published) {
    const row = byVo.get(p.vo);
    const projectName = p.projectName || row?.project_name || '';
    const staleReason = p.stale?.reason ?? '';
    const lastGoodAt = p.stale?.lastGoodAt ?? '';
    if (
      row &&
      row.source === 'info' &&
      row.project_id === p.projectId &&
      row.project_name === projectName &&
      row.stale_reason === staleReason &&
      row.last_good_at === lastGoodAt
    ) {
      continue;
    }
    upsert.push({ vo: p.vo, projectId: p.projectId, projectName, staleReason, lastGoodAt });
  }
  const named = new Set(published.map((p) => p.vo));
  const remove = existing.filter((r) => r.source === 'info' && !named.has(r.vo)).map((r) => r.vo);
  return { upsert, remove };
}

/**
 * Stores a validated document as the site's current information, in one transaction: the
 * history row, the current pointer, the site's VO list and its health change together or not at
 * all, and the history is pruned to the policy's bounds (the current document always stays).
 * @throws HubError CONFLICT for a document not newer than the current one (a replay or rollback)
 */
export async function publishSiteInfo(
  db: HubDb,
  store: InfoStore,
  input: {
    siteId: number;
    body: string;
    validated: ValidatedDocument;
    publisher: string;
    now: Date;
    policy?: InfoPolicy;
  },
): Promise<PublishResult> {
  const publishedAt = input.now.toISOString();
  const { validated } = input;
  const policy = input.policy ?? DEFAULT_INFO_POLICY;
  const id = await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('info_current')
      .innerJoin('info_documents', 'info_documents.id', 'info_current.document_id')
      .select(['info_documents.creation_time'])
      .where('info_current.site_id', '=', input.siteId)
      .executeTakeFirst();
    if (current && Date.parse(current.creation_time) >= Date.parse(validated.creationTime)) {
      throw new HubError(
        'CONFLICT',
        `the document was created at ${validated.creationTime}, not after the site's current one (${current.creation_time}); an older or repeated document cannot replace newer information`,
        { creationTime: validated.creationTime, currentCreationTime: current.creation_time },
      );
    }
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
      .select(['vo', 'project_id', 'project_name', 'source', 'stale_reason', 'last_good_at'])
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
        stale_reason: change.staleReason,
        last_good_at: change.lastGoodAt,
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
    // A document read from the site ends a failing spell.
    await trx.deleteFrom('info_health').where('site_id', '=', input.siteId).execute();
    await pruneHistory(trx, input.siteId, inserted.id, policy, input.now);
    return inserted.id;
  });
  store.invalidate();
  return {
    id,
    publishedAt,
    expiresAt: validated.expiresAt,
    shares: validated.counts.shares,
    images: validated.counts.images,
    instanceTypes: validated.counts.instanceTypes,
  };
}

/**
 * Which of a site's documents (newest first) fall outside the history bounds: beyond the newest
 * `historyCount`, or published before the `historyDays` cutoff. The current one never does.
 */
export function planHistoryPrune(
  documents: { id: number; publishedAt: string }[],
  currentId: number,
  policy: Pick<InfoPolicy, 'historyCount' | 'historyDays'>,
  now: Date,
): number[] {
  const cutoff = now.getTime() - policy.historyDays * 86_400_000;
  return documents
    .filter(
      (doc, index) =>
        doc.id !== currentId &&
        (index >= policy.historyCount || Date.parse(doc.publishedAt) < cutoff),
    )
    .map((doc) => doc.id);
}

async function pruneHistory(
  trx: HubDb,
  siteId: number,
  currentId: number,
  policy: InfoPolicy,
  now: Date,
): Promise<void> {
  const rows = await trx
    .selectFrom('info_documents')
    .select(['id', 'published_at'])
    .where('site_id', '=', siteId)
    .orderBy('id', 'desc')
    .execute();
  const doomed = planHistoryPrune(
    rows.map((r) => ({ id: r.id, publishedAt: r.published_at })),
    currentId,
    policy,
    now,
  );
  for (let i = 0; i < doomed.length; i += 500) {
    await trx
      .deleteFrom('info_documents')
      .where('id', 'in', doomed.slice(i, i + 500))
      .execute();
  }
}
