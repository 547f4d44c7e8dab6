// npm run bench -- accounting: issue 11's figures, each against a baseline measured in the same
// run on the same machine, each part in a fresh process:
//   ingest  (accounting-ingest.js): records/s through the hub's batch route vs plain INSERTs;
//   query   (accounting-query.js): the month-by-VO usage read over millions of records vs
//           a bare scan of the summaries and the same read over 10,000 records;
//   extract (accounting-extract.js): one agent extraction at 1,000 and 10,000 servers vs 100.
// Settings: --name=value after the suite when run directly (node bench/accounting.js
// --query-records=10000000), or BENCH_ACCOUNTING_<NAME>: parts, records, message-sizes,
// http-records, query-records, check-records, query-rounds, servers, dialects. PostgreSQL runs
// when FEDCLOUD_TEST_PG_URL is set. The report is printed and written to
// bench/results/accounting.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { option } from './accounting-options.js';
import { runChild } from './child-run.js';

const PARTS = {
  ingest: 'accounting-ingest.js',
  query: 'accounting-query.js',
  extract: 'accounting-extract.js',
};
const wanted = option('parts', Object.keys(PARTS).join(',')).split(',');
const unknown = wanted.filter((part) => !(part in PARTS));
if (unknown.length > 0)
  throw new Error(`unknown part(s) ${unknown.join(', ')}: ${Object.keys(PARTS).join(', ')}`);

const started = new Date();
const report = { suite: 'accounting', startedAt: started.toISOString(), parts: {} };
const lines = [];
for (const part of wanted) {
  const t0 = performance.now();
  const result = runChild(PARTS[part], process.argv.slice(2));
  report.parts[part] = {
    seconds: (performance.now() - t0) / 1000,
    lines: result.lines,
    results: result.results,
  };
  lines.push(...result.lines);
  process.stdout.write(`${result.lines.join('\n')}\n`);
}
const dir = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}accounting.json`;
writeFileSync(file, `${JSON.stringify({ ...report, lines }, null, 2)}\n`);
process.stdout.write(`  report: ${file}\n`);
