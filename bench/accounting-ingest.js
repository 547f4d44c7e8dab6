// npm run bench -- accounting (part 1): N APEL cloud v0.4 records (default 100,000) ingested in
// messages of 1000 and of 100 through the hub's batch route (PUT
// /api/v1/sites/{site}/accounting/batches/{batchId}, the hub's own app in-process: its auth, body
// reader and ingestCloudMessage, which is not exported on its own), on SQLite and PostgreSQL,
// each against a baseline in the same database in the same run: the same rows written by plain
// multi-row INSERTs into a bare table of the same columns, in one transaction. A smaller run goes
// through real HTTP (startHub on loopback) to show what the socket adds. The SDK's parse alone
// is timed too: it is part of every ingest. Goals (issue 11): ≥ 50,000 records/s on SQLite,
// ≥ 20,000 on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clientCredentialsTokenSource } from '@fedcloud/agent';
import { openDatabase, startHub } from '@fedcloud/hub';
import { insertSite } from '@fedcloud/hub/testing';
import { startSandbox } from '@fedcloud/sandbox';
import { parseCloudMessage } from '@fedcloud/sdk/accounting';
import {
  accountingHub,
  benchDatabases,
  checkAnswer,
  messagesOf,
  pgSkipped,
} from './accounting-hub.js';
import { option } from './accounting-options.js';
import { raw, recordRow, SITES, siteName } from './accounting-records.js';

const { fetch } = globalThis;
const records = option('records', 100_000);
const httpRecords = option('http-records', 10_000);
/**
 * Messages of 100 carry fewer records by default (--records-of-100), to keep the default run near
 * two minutes on 2 cores: a rate over a smaller table flatters them a little.
 */
const recordsOf100 = option('records-of-100', 20_000);
const recordsFor = (size) => (size < 1000 ? Math.min(records, recordsOf100) : records);
const sizes = option('message-sizes', '1000,100').split(',').map(Number);
const dialects = option('dialects', 'sqlite,postgres').split(',');
const GOALS = { sqlite: 50_000, postgres: 20_000 };
/** Rows per plain INSERT: within SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const PLAIN_ROWS = { sqlite: 900, postgres: 1000 };

const log = (line) => process.stderr.write(`  [accounting ingest] ${line}\n`);
const rate = (n, ms) => (n * 1000) / ms;
const fmt = (value) => Math.round(value).toLocaleString('en');

async function ingestAll(hub, messages) {
  const t0 = performance.now();
  for (const message of messages) await hub.put(message);
  return performance.now() - t0;
}

async function countRecords(database, table = 'accounting_records') {
  const { rows } = await raw(database.db, `SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0].n);
}

/**
 * The same rows as the ingest stores, by multi-row INSERTs into a bare copy of the records
 * table (same columns and types, no key, no index), all in one transaction.
 */
async function plainInsert(database, n) {
  const { db, dialect } = database;
  await raw(
    db,
    dialect === 'postgres'
      ? 'CREATE TABLE bench_plain_records (LIKE accounting_records)'
      : 'CREATE TABLE bench_plain_records AS SELECT * FROM accounting_records LIMIT 0',
  );
  const rows = Array.from({ length: n }, (_, i) => recordRow(i, n));
  const columns = Object.keys(rows[0]);
  const per = PLAIN_ROWS[dialect];
  const placeholders = (count) => {
    let p = 0;
    const row = () =>
      `(${columns.map(() => (dialect === 'postgres' ? `$${(p += 1)}` : '?')).join(', ')})`;
    return Array.from({ length: count }, row).join(', ');
  };
  const texts = new Map();
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    for (let at = 0; at < n; at += per) {
      const part = rows.slice(at, at + per);
      let text = texts.get(part.length);
      if (!text) {
        text = `INSERT INTO bench_plain_records (${columns.join(', ')}) VALUES ${placeholders(part.length)}`;
        texts.set(part.length, text);
      }
      const parameters = [];
      for (const row of part) for (const column of columns) parameters.push(row[column]);
      await raw(trx, text, parameters);
    }
  });
  const ms = performance.now() - t0;
  if ((await countRecords(database, 'bench_plain_records')) !== n) {
    throw new Error('the plain insert lost rows');
  }
  return ms;
}

async function measureDialect(tdb) {
  const out = { dialect: tdb.name, runs: [] };
  // Warm-up: the JIT, the statement texts, the driver's pool.
  const warm = await tdb.open();
  try {
    await ingestAll(await accountingHub(warm), messagesOf(5000, 1000, 'warm'));
  } finally {
    await warm.drop();
  }
  for (const size of sizes) {
    const n = recordsFor(size);
    const messages = messagesOf(n, size);
    const database = await tdb.open();
    try {
      const hub = await accountingHub(database);
      const ms = await ingestAll(hub, messages);
      if ((await countRecords(database)) !== n) throw new Error('ingest lost records');
      const plainMs = await plainInsert(database, n);
      out.runs.push({ size, records: n, messages: messages.length, ms, plainMs });
      log(
        `${tdb.name}, messages of ${size}: ${fmt(rate(n, ms))} records/s, plain ${fmt(rate(n, plainMs))}`,
      );
    } finally {
      await database.drop();
    }
  }
  return out;
}

/** The SDK's parse of the messages alone: no database. */
function parseRate(size) {
  const messages = messagesOf(recordsFor(size), size);
  const t0 = performance.now();
  let parsed = 0;
  for (const message of messages) {
    const result = parseCloudMessage(message.body);
    if (!result.ok) throw new Error(result.reason);
    parsed += result.records.length;
  }
  return rate(parsed, performance.now() - t0);
}

/**
 * Over real HTTP: startHub on a SQLite file, the sandbox's issuer for its tokens, the federation
 * admin client publishing for every site; against the same messages in-process on a fresh
 * database of the same kind.
 */
async function measureHttp() {
  const dir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-ingest-'));
  const sandbox = await startSandbox({
    dataDir: join(dir, 'sandbox'),
    sites: 1,
    issuerPort: 0,
    controlPort: 0,
    sitesPort: 0,
  });
  let hub;
  try {
    const file = join(dir, 'hub.db');
    const seeding = await openDatabase(file);
    for (let s = 0; s < SITES; s += 1) await insertSite(seeding.db, siteName(s));
    await seeding.close();
    hub = await startHub({
      database: file,
      issuerUrl: sandbox.issuerUrl,
      port: 0,
      admins: [sandbox.hubAdminClient.clientId],
      fetch: sandbox.fetch,
      dashboardDir: false,
    });
    const tokens = clientCredentialsTokenSource({
      issuerUrl: sandbox.issuerUrl,
      ...sandbox.hubAdminClient,
      fetch: sandbox.fetch,
    });
    const authorization = `Bearer ${await tokens.getToken()}`;
    const result = { records: httpRecords, runs: [] };
    for (const size of sizes) {
      const messages = messagesOf(httpRecords, size, `http${size}`);
      const t0 = performance.now();
      for (const message of messages) {
        const response = await fetch(
          `${hub.url}/api/v1/sites/${message.site}/accounting/batches/${message.batchId}`,
          {
            method: 'PUT',
            headers: { 'content-type': 'text/plain', authorization },
            body: message.body,
          },
        );
        await checkAnswer(response, message);
      }
      const ms = performance.now() - t0;
      const [sqlite] = benchDatabases();
      const database = await sqlite.open();
      let inProcessMs;
      try {
        inProcessMs = await ingestAll(
          await accountingHub(database),
          messagesOf(httpRecords, size, `local${size}`),
        );
      } finally {
        await database.drop();
      }
      result.runs.push({ size, ms, inProcessMs });
      log(`HTTP, messages of ${size}: ${fmt(rate(httpRecords, ms))} records/s`);
      // The next size starts on an empty records table, as in-process does.
      await raw(hub.context.database.db, 'DELETE FROM accounting_records');
      await raw(hub.context.database.db, 'DELETE FROM accounting_summaries');
    }
    return result;
  } finally {
    await hub?.stop();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = { records, dialects: [], parse: {}, http: undefined };
for (const tdb of benchDatabases().filter((d) => dialects.includes(d.name))) {
  results.dialects.push(await measureDialect(tdb));
}
for (const size of sizes) results.parse[size] = parseRate(size);
if (httpRecords > 0) results.http = await measureHttp();

const lines = [
  `accounting ingest: ${fmt(records)} APEL cloud v0.4 records (20 sites, 4 months per VM, each site's sent month by month) through PUT …/accounting/batches/{id} in-process, one message after another; baseline: the same rows by plain multi-row INSERTs into a bare table, one transaction, same database`,
  `  ${'database'.padEnd(10)}${'message'.padStart(8)}${'records'.padStart(9)}${'ingest rec/s'.padStart(14)}${'plain rec/s'.padStart(13)}${'× plain'.padStart(9)}${'ms/message'.padStart(12)}`,
];
for (const d of results.dialects) {
  for (const r of d.runs) {
    lines.push(
      `  ${d.dialect.padEnd(10)}${String(r.size).padStart(8)}${fmt(r.records).padStart(9)}${fmt(rate(r.records, r.ms)).padStart(14)}${fmt(rate(r.records, r.plainMs)).padStart(13)}${(r.plainMs / r.ms).toFixed(2).padStart(9)}${(r.ms / r.messages).toFixed(1).padStart(12)}`,
    );
  }
}
lines.push(
  `  the SDK's parse alone: ${sizes.map((s) => `${fmt(results.parse[s])} records/s in messages of ${s}`).join(', ')}`,
);
if (results.http) {
  for (const r of results.http.runs) {
    lines.push(
      `  real HTTP (startHub, SQLite file, loopback), ${fmt(results.http.records)} records in messages of ${r.size}: ${fmt(rate(results.http.records, r.ms))} records/s against ${fmt(rate(results.http.records, r.inProcessMs))} in-process (× ${(r.inProcessMs / r.ms).toFixed(2)}), ${((r.ms - r.inProcessMs) / Math.ceil(results.http.records / r.size)).toFixed(2)} ms more a message`,
    );
  }
}
for (const d of results.dialects) {
  const goal = GOALS[d.dialect];
  for (const r of d.runs) {
    const value = rate(r.records, r.ms);
    lines.push(
      `  ${d.dialect}, messages of ${r.size}: ${fmt(value)} records/s (goal ≥ ${fmt(goal)}): ${value >= goal ? 'goal met' : 'GOAL MISSED'}`,
    );
  }
}
if (!process.env.FEDCLOUD_TEST_PG_URL && dialects.includes('postgres'))
  lines.push(`  ${pgSkipped}`);
process.stdout.write(`${JSON.stringify({ part: 'ingest', lines, results })}\n`);
