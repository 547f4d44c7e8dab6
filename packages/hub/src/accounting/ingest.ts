import { createHash } from 'node:crypto';
import {
  type CloudRecord,
  parseCloudMessage,
  type RejectedRecord,
  type SummaryKey,
} from '@fedcloud/sdk/accounting';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { HubDatabase } from '../db/database.js';
import type { HubTables } from '../db/tables.js';
import { HubError } from '../errors.js';
import { type BatchPlan, keyIdOf, planBatch, startBoundsLost, type StoredMonth } from './plan.js';
import { RECORD_FIELD_COLUMNS, recordOfRow } from './record-columns.js';
import { accountingStatements, type Row, type UpsertedSummary } from './statements.js';
import { noteRecordsAdded } from './statistics.js';

export interface IngestInput {
  /** The site the sender speaks for: its agent's token, or later the host DN that signed. */
  site: string;
  /** The sender's name for the message; the same id with the same body is a resend. */
  batchId: string;
  /** One APEL cloud message (v0.4 text). */
  body: string;
  /** Who sent it: a token subject, or a signer DN. */
  publisher: string;
  receivedAt: Date;
}

export interface IngestResult {
  batch: string;
  /** Valid records of the site: stored, or already stored in a later version (superseded). */
  accepted: number;
  /** Accepted records older than the stored record of their VM-month, so left out. */
  superseded: number;
  rejected: RejectedRecord[];
  /** True when this batch had been received before: nothing changed this time. */
  duplicate: boolean;
}

/**
 * Stores one cloud message of a site, in one transaction: the batch, the records that are
 * newer than what is stored for their VM-month, and the summary changes they imply (never a
 * rescan). Sending the same batch again changes nothing and gives the first answer back; the
 * same batch id with another body is a conflict. Records that cannot be read, or that name
 * another site, are rejected one by one with their reason; the others are kept.
 *
 * Both routes that take accounting (our agent's PUT, and later the AMS publish call of stock
 * `ssmsend`, whose site comes from the signer DN) end here.
 * @throws HubError NOT_FOUND (site not registered), CONFLICT (batch id reused with another
 *   body), INVALID_DOCUMENT (not an APEL cloud v0.4 message)
 */
export async function ingestCloudMessage(
  database: HubDatabase,
  input: IngestInput,
): Promise<IngestResult> {
  const digest = createHash('sha256').update(input.body).digest('hex');
  // Parsing needs no database: done before the transaction, so the site's lock is held briefly.
  const parsed = parseCloudMessage(input.body);
  const receivedAt = input.receivedAt.toISOString();
  let newRecords = 0;
  const answer = await database.db.transaction().execute(async (trx) => {
    // The batch row first: on SQLite this makes the transaction a writer from its first
    // statement; on PostgreSQL a concurrent resend of the same batch waits here for this one.
    const claimed = await trx
      .insertInto('accounting_batches')
      .values({
        site: input.site,
        batch_id: input.batchId,
        body_sha256: digest,
        received_at: receivedAt,
        publisher: input.publisher,
        accepted: 0,
        rejected: 0,
        result: '',
      })
      .onConflict((oc) => oc.columns(['site', 'batch_id']).doNothing())
      .returning('batch_id')
      .executeTakeFirst();
    if (!claimed) return earlierAnswer(trx, input, digest);

    const site = await trx
      .selectFrom('sites')
      .select('id')
      .where('name', '=', input.site)
      .executeTakeFirst();
    if (!site) {
      throw new HubError(
        'NOT_FOUND',
        `site ${input.site} is not registered in this hub; register it first, then send its accounting again`,
        { site: input.site },
      );
    }
    if (!parsed.ok) {
      throw new HubError(
        'INVALID_DOCUMENT',
        `the batch is not an APEL cloud message: ${parsed.reason}`,
        {
          reason: parsed.reason,
        },
      );
    }
    if (database.dialect === 'postgres') {
      // One ingest per site at a time: two batches naming the same VM must not both read its
      // months before either writes (summaries would count it twice). Sites never share rows.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`fedcloud-accounting:${input.site}`}))`.execute(
        trx,
      );
    }

    const { records, rejected } = ownRecords(input.site, parsed.records, parsed.rejected);
    const stored = await readStoredMonths(trx, database, input.site, records);
    const plan = planBatch(records, stored);
    await applyPlan(trx, database, plan, input, receivedAt);

    const result: IngestResult = {
      batch: input.batchId,
      accepted: records.length,
      superseded: plan.superseded,
      rejected,
      duplicate: false,
    };
    await trx
      .updateTable('accounting_batches')
      .set({
        accepted: result.accepted,
        rejected: rejected.length,
        result: JSON.stringify(result),
      })
      .where('site', '=', input.site)
      .where('batch_id', '=', input.batchId)
      .execute();
    await countBatch(trx, database, input, plan, records.length, receivedAt);
    newRecords = plan.newRecords;
    return result;
  });
  noteRecordsAdded(database, newRecords);
  return answer;
}

async function earlierAnswer(
  trx: Transaction<HubTables>,
  input: IngestInput,
  digest: string,
): Promise<IngestResult> {
  const earlier = await trx
    .selectFrom('accounting_batches')
    .select(['body_sha256', 'result', 'received_at'])
    .where('site', '=', input.site)
    .where('batch_id', '=', input.batchId)
    .executeTakeFirstOrThrow();
  if (earlier.body_sha256 !== digest) {
    throw new HubError(
      'CONFLICT',
      `batch ${input.batchId} of site ${input.site} was received at ${earlier.received_at} with another body; a batch id names one message for ever, so send new records under a new id`,
      { site: input.site, batch: input.batchId, receivedAt: earlier.received_at },
    );
  }
  return { ...(JSON.parse(earlier.result) as IngestResult), duplicate: true };
}

/**
 * The records the site may submit, and every rejection with its position in the message:
 * parseCloudMessage keeps the valid records in order without their positions, which are the
 * positions its rejections leave free.
 */
function ownRecords(
  site: string,
  valid: readonly CloudRecord[],
  unreadable: readonly RejectedRecord[],
): { records: CloudRecord[]; rejected: RejectedRecord[] } {
  const taken = new Set(unreadable.map((r) => r.index));
  const records: CloudRecord[] = [];
  const rejected = [...unreadable];
  let index = 0;
  for (const record of valid) {
    while (taken.has(index)) index += 1;
    if (record.siteName === site) records.push(record);
    else {
      rejected.push({
        index,
        vmUuid: record.vmUuid,
        reason: `SiteName ${record.siteName} is not ${site}: a site submits only its own records`,
      });
    }
    index += 1;
  }
  rejected.sort((a, b) => a.index - b.index);
  return { records, rejected };
}

async function readStoredMonths(
  trx: Kysely<HubTables>,
  database: HubDatabase,
  site: string,
  records: readonly CloudRecord[],
): Promise<Map<string, StoredMonth[]>> {
  const stored = new Map<string, StoredMonth[]>();
  const vmUuids = [...new Set(records.map((r) => r.vmUuid))];
  for (const query of accountingStatements(database.dialect).storedMonths(site, vmUuids)) {
    const { rows } = await trx.executeQuery<Record<string, unknown>>(query);
    for (const row of rows) {
      const record = recordOfRow(row);
      let months = stored.get(record.vmUuid);
      if (!months) {
        months = [];
        stored.set(record.vmUuid, months);
      }
      // A padded IN list names a VM more than once; its rows come back once all the same.
      months.push({
        record,
        year: Number(row.year),
        month: Number(row.month),
        measurementTime: Number(row.measurement_time),
      });
    }
  }
  return stored;
}

/** Summaries first (their ids go into the records), then records, then the bounds they imply. */
async function applyPlan(
  trx: Kysely<HubTables>,
  database: HubDatabase,
  plan: BatchPlan,
  input: IngestInput,
  receivedAt: string,
): Promise<void> {
  const statements = accountingStatements(database.dialect);
  const planned = new Map(plan.summaries.map((s) => [s.keyId, s]));
  const ids = new Map<string, number>();
  const emptied: number[] = [];
  const recompute: number[] = [];
  const summaryRows: Row[] = plan.summaries.map((s) => [
    s.key.year,
    s.key.month,
    s.key.siteName,
    s.key.vo,
    s.key.globalUserName,
    s.key.cloudComputeService,
    s.key.voGroup,
    s.key.voRole,
    s.key.status,
    s.key.cloudType,
    s.key.imageId,
    s.key.cpuCount,
    s.key.benchmarkType,
    s.key.benchmark,
    s.delta.wallDuration,
    s.delta.cpuDuration,
    s.delta.networkInbound,
    s.delta.networkOutbound,
    s.delta.memory,
    s.delta.disk,
    s.delta.numberOfVms,
    s.earliestAdded ?? null,
    s.latestAdded ?? null,
    receivedAt,
  ]);
  for (const query of statements.upsertSummaries(summaryRows)) {
    const { rows } = await trx.executeQuery<UpsertedSummary>(query);
    for (const row of rows) {
      const keyId = keyIdOf(keyOfRow(row));
      ids.set(keyId, Number(row.id));
      const summary = planned.get(keyId);
      if (Number(row.number_of_vms) <= 0) emptied.push(Number(row.id));
      else if (
        summary &&
        startBoundsLost(summary, row.earliest_start_time, row.latest_start_time)
      ) {
        recompute.push(Number(row.id));
      }
    }
  }

  const recordRows: Row[] = plan.records.map((planned) => {
    const summaryId = ids.get(planned.keyId);
    // Every written record adds itself to its summary, so the upsert above returned its id.
    if (summaryId === undefined) throw new Error(`no summary row for ${planned.keyId}`);
    const row: unknown[] = RECORD_FIELD_COLUMNS.map(([field]) => planned.record[field] ?? null);
    row.push(
      planned.year,
      planned.month,
      planned.measurementTime,
      summaryId,
      receivedAt,
      input.batchId,
    );
    return row;
  });
  for (const query of statements.upsertRecords(recordRows)) await trx.executeQuery(query);
  for (const query of statements.recomputeStarts(recompute)) await trx.executeQuery(query);
  for (const query of statements.deleteSummaries(emptied)) await trx.executeQuery(query);
}

function keyOfRow(row: UpsertedSummary): SummaryKey {
  return {
    siteName: row.site,
    cloudComputeService: row.cloud_compute_service,
    year: Number(row.year),
    month: Number(row.month),
    globalUserName: row.global_user_name,
    vo: row.vo,
    voGroup: row.vo_group,
    voRole: row.vo_role,
    status: row.status,
    cloudType: row.cloud_type,
    imageId: row.image_id,
    cpuCount: Number(row.cpu_count),
    benchmarkType: row.benchmark_type,
    benchmark: Number(row.benchmark),
  };
}

/**
 * The site's counters, kept with each batch so the per-site table never counts records.
 * Returns the VM-months the site now has stored.
 */
async function countBatch(
  trx: Kysely<HubTables>,
  database: HubDatabase,
  input: IngestInput,
  plan: BatchPlan,
  accepted: number,
  receivedAt: string,
): Promise<number> {
  const latest = plan.latestMeasurement ?? null;
  const greatest =
    database.dialect === 'postgres'
      ? sql<
          number | null
        >`GREATEST(accounting_sites.latest_measurement_time, excluded.latest_measurement_time)`
      : sql<
          number | null
        >`coalesce(max(accounting_sites.latest_measurement_time, excluded.latest_measurement_time), accounting_sites.latest_measurement_time, excluded.latest_measurement_time)`;
  const counted = await trx
    .insertInto('accounting_sites')
    .values({
      site: input.site,
      records: plan.newRecords,
      vms: plan.newVms,
      batches: 1,
      records_received: accepted,
      last_received_at: accepted > 0 ? receivedAt : null,
      last_batch_id: input.batchId,
      last_batch_at: receivedAt,
      latest_measurement_time: latest,
    })
    .onConflict((oc) =>
      oc.column('site').doUpdateSet({
        records: sql<number>`accounting_sites.records + excluded.records`,
        vms: sql<number>`accounting_sites.vms + excluded.vms`,
        batches: sql<number>`accounting_sites.batches + 1`,
        records_received: sql<number>`accounting_sites.records_received + excluded.records_received`,
        last_received_at: sql<
          string | null
        >`coalesce(excluded.last_received_at, accounting_sites.last_received_at)`,
        last_batch_id: sql<string>`excluded.last_batch_id`,
        last_batch_at: sql<string>`excluded.last_batch_at`,
        latest_measurement_time: greatest,
      }),
    )
    .returning('records')
    .executeTakeFirstOrThrow();
  return Number(counted.records);
}
