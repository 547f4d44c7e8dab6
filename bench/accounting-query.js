// npm run bench -- accounting (part 2): the month-by-VO usage read (GET
// /api/v1/accounting/usage?groupBy=vo,month, the hub's own route in-process) over N records
// (default 1 million: 10 million took 4 minutes to load per database on 2 cores, so it is asked
// for with --query-records=10000000), against baselines measured in the same run on the same
// database: a bare `SELECT count(*)` of the summaries, one sum over all of them, and the same
// read over the check's 10,000 records. Goal (issue 11): under 200 ms, over 10 million records,
// the summaries kept incrementally by ingest. The read visits summaries only, and this population
// has at most 62,000 of them (24 months × 2,000 users × status), reached by 1 million records.
//
// Ten million records through ingest would take the whole run, so the records table is written
// by INSERT … SELECT (bench/accounting-records.js) and the summaries by one GROUP BY over it, as
// APEL's SummariseVMs defines them. That shortcut is checked first: the check's records through
// the real ingest and through the bulk path must leave identical records and summaries.
import { performance } from 'node:perf_hooks';
import { accountingHub, benchDatabases, messagesOf, pgSkipped } from './accounting-hub.js';
import { bulkRecordsSql, bulkSummariesSql, raw, SUMMARY_COMPARED } from './accounting-records.js';
import { median } from './child-run.js';
import { option } from './accounting-options.js';

const records = option('query-records', 1_000_000);
const checkRecords = option('check-records', 10_000);
const rounds = option('query-rounds', 21);
const dialects = option('dialects', 'sqlite,postgres').split(',');
const GOAL_MS = 200;
/** Rows per INSERT … SELECT: each its own transaction, so progress shows and WAL stays small. */
const LOAD_CHUNK = 1_000_000;
const USAGE = 'groupBy=vo,month';

const log = (line) => process.stderr.write(`  [accounting query] ${line}\n`);

/** Writes records [0, n) and their summaries by SQL alone; returns the seconds each took. */
async function bulkLoad(database, n) {
  const { db, dialect } = database;
  const t0 = performance.now();
  // The summary index is built once at the end (a sort) instead of row by row.
  await raw(db, 'DROP INDEX accounting_records_summary');
  for (let from = 0; from < n; from += LOAD_CHUNK) {
    const to = Math.min(n, from + LOAD_CHUNK);
    await db.transaction().execute((trx) => raw(trx, bulkRecordsSql(dialect, n, from, to)));
    if (n > LOAD_CHUNK) log(`${dialect}: ${to.toLocaleString('en')} records written`);
  }
  const recordsS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await raw(db, bulkSummariesSql());
  const summariesS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  await raw(
    db,
    'CREATE INDEX accounting_records_summary ON accounting_records (summary_id, start_time)',
  );
  await raw(db, dialect === 'postgres' ? 'ANALYZE' : 'ANALYZE');
  const indexS = (performance.now() - t2) / 1000;
  return { recordsS, summariesS, indexS };
}

const normalise = (rows) =>
  rows.map((row) => Object.values(row).map((v) => (typeof v === 'string' ? v : Number(v))));

async function rowsOf(database) {
  const { db } = database;
  const summaries = await raw(
    db,
    `SELECT ${SUMMARY_COMPARED} FROM accounting_summaries ORDER BY ${SUMMARY_COMPARED}`,
  );
  // Every record column but those that say how it arrived, and its summary by key, not by id.
  const recordsOf = await raw(
    db,
    'SELECT r.site, r.vm_uuid, r.year, r.month, r.measurement_time, r.record_create_time, ' +
      'r.cloud_compute_service, r.machine_name, r.local_user_id, r.local_group_id, ' +
      'r.global_user_name, r.fqan, r.status, r.start_time, r.end_time, r.suspend_duration, ' +
      'r.wall_duration, r.cpu_duration, r.cpu_count, r.network_type, r.network_inbound, ' +
      'r.network_outbound, r.public_ip_count, r.memory, r.disk, r.benchmark_type, r.benchmark, ' +
      'r.storage_record_id, r.image_id, r.cloud_type, s.year AS s_year, s.month AS s_month, ' +
      's.vo, s.global_user_name AS s_user, s.status AS s_status ' +
      'FROM accounting_records r JOIN accounting_summaries s ON s.id = r.summary_id ' +
      'ORDER BY r.site, r.vm_uuid, r.year, r.month',
  );
  return {
    summaries: normalise(summaries.rows),
    records: normalise(recordsOf.rows),
  };
}

function firstDifference(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
      return `row ${i}: ingest ${JSON.stringify(a[i])} vs bulk ${JSON.stringify(b[i])}`;
    }
  }
  return undefined;
}

/** The check: the same records through ingest and through the bulk path, compared row by row. */
async function checkShortcut(tdb) {
  const viaIngest = await tdb.open();
  const viaBulk = await tdb.open();
  try {
    const hub = await accountingHub(viaIngest);
    for (const message of messagesOf(checkRecords, 1000, 'check')) await hub.put(message);
    await accountingHub(viaBulk);
    await bulkLoad(viaBulk, checkRecords);
    const a = await rowsOf(viaIngest);
    const b = await rowsOf(viaBulk);
    const problem =
      (a.records.length !== checkRecords &&
        `ingest stored ${a.records.length} records of ${checkRecords}`) ||
      firstDifference(a.summaries, b.summaries) ||
      firstDifference(a.records, b.records);
    if (problem)
      throw new Error(`${tdb.name}: the bulk path is not what ingest stores: ${problem}`);
    return { summaries: a.summaries.length, records: a.records.length };
  } finally {
    await viaIngest.drop();
    await viaBulk.drop();
  }
}

async function timed(fn) {
  const ms = [];
  await fn(); // warm-up: statement cache, JIT, page cache
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}

async function measure(tdb) {
  const check = await checkShortcut(tdb);
  log(
    `${tdb.name}: ${check.records} records through ingest = bulk path (${check.summaries} summaries)`,
  );
  // The baseline's small database: the same read over the check's records.
  const small = await tdb.open();
  const large = await tdb.open();
  try {
    const smallHub = await accountingHub(small);
    await bulkLoad(small, checkRecords);
    const hub = await accountingHub(large);
    const t0 = performance.now();
    const load = await bulkLoad(large, records);
    const loadS = (performance.now() - t0) / 1000;
    const counted = await raw(
      large.db,
      'SELECT (SELECT count(*) FROM accounting_records) AS records, (SELECT count(*) FROM accounting_summaries) AS summaries',
    );
    const sizes = {
      records: Number(counted.rows[0].records),
      summaries: Number(counted.rows[0].summaries),
    };
    log(
      `${tdb.name}: ${sizes.records.toLocaleString('en')} records, ${sizes.summaries.toLocaleString('en')} summaries loaded in ${loadS.toFixed(0)} s`,
    );
    let groups = 0;
    const usage = await timed(async () => {
      groups = (await hub.usage(USAGE)).length;
    });
    const smallUsage = await timed(() => smallHub.usage(USAGE));
    const count = await timed(() => raw(large.db, 'SELECT count(*) FROM accounting_summaries'));
    // The floor of any read that visits every summary: one sum over them, nothing grouped.
    const scan = await timed(() =>
      raw(large.db, 'SELECT sum(wall_duration), sum(number_of_vms) FROM accounting_summaries'),
    );
    return {
      dialect: tdb.name,
      check,
      sizes,
      load: { ...load, totalS: loadS },
      groups,
      usage,
      smallUsage,
      count,
      scan,
    };
  } finally {
    await small.drop();
    await large.drop();
  }
}

const results = [];
const lines = [
  `accounting usage read (GET /api/v1/accounting/usage?${USAGE}, in-process), median of ${rounds}`,
];
for (const tdb of benchDatabases().filter((d) => dialects.includes(d.name))) {
  const r = await measure(tdb);
  results.push(r);
  const ok = r.usage.median < GOAL_MS;
  lines.push(
    `  ${r.dialect}: ${r.sizes.records.toLocaleString('en')} records → ${r.sizes.summaries.toLocaleString('en')} summaries → ${r.groups} rows (VO × month); loaded by SQL in ${r.load.totalS.toFixed(0)} s (records ${r.load.recordsS.toFixed(0)} s, summaries ${r.load.summariesS.toFixed(0)} s, index ${r.load.indexS.toFixed(0)} s)`,
    `    shortcut checked: ${r.check.records.toLocaleString('en')} records through ingest and through the bulk path give identical records and ${r.check.summaries} identical summaries`,
    `    usage read ${r.usage.median.toFixed(1)} ms (min ${r.usage.min.toFixed(1)}, max ${r.usage.max.toFixed(1)}); baselines: SELECT count(*) of the summaries ${r.count.median.toFixed(1)} ms (× ${(r.usage.median / r.count.median).toFixed(1)}), one sum over every summary ${r.scan.median.toFixed(1)} ms (× ${(r.usage.median / r.scan.median).toFixed(1)}), the same read over ${checkRecords.toLocaleString('en')} records ${r.smallUsage.median.toFixed(1)} ms (× ${(r.usage.median / r.smallUsage.median).toFixed(1)})`,
    `    goal < ${GOAL_MS} ms: ${ok ? 'goal met' : 'GOAL MISSED'}`,
  );
}
if (!process.env.FEDCLOUD_TEST_PG_URL && dialects.includes('postgres'))
  lines.push(`  ${pgSkipped}`);
if (records < 10_000_000) {
  lines.push(
    `  (${records.toLocaleString('en')} records; the issue's 10 million, about 4 minutes of loading per database: npm run bench -- accounting --query-records=10000000)`,
  );
}
process.stderr.write('');
process.stdout.write(`${JSON.stringify({ part: 'query', lines, results })}\n`);
