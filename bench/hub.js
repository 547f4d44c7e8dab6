// The hub's information system under load: cloud-info-api's GET /sites/ (with and without
// projects) over N sites, each with a published GLUE 2.1 document (3 VOs, 10 images, 8 flavors),
// against a baseline measured in the same run on the same server: GET /api/v1/whoami, an
// anonymous in-memory answer. The hub runs in a child process (bench/hub-server-child.js) so
// autocannon does not share its event loop. Goal: /sites/ ≥ 5000 req/s with p99 < 20 ms.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const { fetch } = globalThis;

const siteCount = Number(process.env.BENCH_SITES ?? 300);
const seconds = Number(process.env.BENCH_HUB_SECONDS ?? 10);
const connections = Number(process.env.BENCH_HUB_CONNECTIONS ?? 20);
const GOAL_RPS = 5000;
const GOAL_P99_MS = 20;

const child = spawn(
  process.execPath,
  [fileURLToPath(new URL('hub-server-child.js', import.meta.url)), String(siteCount)],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const exited = new Promise((resolve) => child.once('exit', resolve));

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) =>
      reject(new Error(`the hub child exited (${code}) before starting`)),
    );
  });
}

function load(url, duration, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, pipelining: 1, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

// gzip: what python-requests (fedcloudclient, IM) sends; without it, every byte goes out raw.
async function measure(base, path, { gzip = false } = {}) {
  const url = `${base}${path}`;
  const headers = { 'accept-encoding': gzip ? 'gzip, deflate' : 'identity' };
  const probe = await fetch(url, { headers });
  if (probe.status !== 200) throw new Error(`GET ${path} answered ${probe.status}`);
  const size = Number(
    probe.headers.get('content-length') ?? (await probe.arrayBuffer()).byteLength,
  );
  await load(url, 2, headers); // warm-up: JIT, caches, connection pool
  const r = await load(url, seconds, headers);
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
    throw new Error(`GET ${path}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  return {
    path: gzip ? `${path} (gzip)` : path,
    size,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
  };
}

try {
  const started = await firstLine(child.stdout);
  const sites = await (await fetch(`${started.url}/sites/`)).json();
  if (sites.length !== siteCount)
    throw new Error(`/sites/ lists ${sites.length} of ${siteCount} sites`);

  const rows = [];
  rows.push({ ...(await measure(started.url, '/api/v1/whoami')), baseline: true });
  rows.push(await measure(started.url, '/sites/'));
  rows.push(await measure(started.url, '/sites/', { gzip: true }));
  rows.push(await measure(started.url, '/sites/?include_projects=true'));
  rows.push(await measure(started.url, '/sites/?include_projects=true', { gzip: true }));
  rows.push(await measure(started.url, '/images/?vo_name=fedcloud.egi.eu', { gzip: true }));
  const base = rows[0];

  const pad = (text, width, right = false) =>
    right ? String(text).padStart(width) : String(text).padEnd(width);
  const lines = [
    `fedcloud-hub information system, ${siteCount} sites (${(started.documentBytes / 1024).toFixed(0)} kB GLUE document each, seeded in ${(started.seedMs / 1000).toFixed(1)} s), SQLite, autocannon ${connections} connections × ${seconds} s on loopback`,
    `  ${pad('GET', 44)}${pad('bytes', 8, true)}${pad('req/s', 9, true)}${pad('p50 ms', 8, true)}${pad('p99 ms', 8, true)}${pad('max ms', 8, true)}${pad('× baseline', 12, true)}`,
  ];
  for (const r of rows) {
    lines.push(
      `  ${pad(r.baseline ? `${r.path} (baseline)` : r.path, 44)}${pad(r.size, 8, true)}${pad(r.rps.toFixed(0), 9, true)}${pad(r.p50, 8, true)}${pad(r.p99, 8, true)}${pad(r.max, 8, true)}${pad((r.rps / base.rps).toFixed(2), 12, true)}`,
    );
  }
  for (const row of rows.slice(1, 3)) {
    const ok = row.rps >= GOAL_RPS && row.p99 < GOAL_P99_MS;
    lines.push(
      `  ${row.path}: ${row.rps.toFixed(0)} req/s (goal ≥ ${GOAL_RPS}), p99 ${row.p99} ms (goal < ${GOAL_P99_MS}): ${ok ? 'goal met' : 'GOAL MISSED'}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  child.kill('SIGTERM');
  await exited;
}
