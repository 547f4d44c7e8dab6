// The hub's information system under load: cloud-info-api's GET /sites/ (with and without
// projects) over N sites, each with a published GLUE 2.1 document (3 VOs, 10 images, 8 flavors),
// against two baselines measured in the same run: a bare node:http server sending the very bytes
// the hub sent for /sites/ (identity and gzip; bench/bare-server-child.js), and the hub's own
// GET /api/v1/whoami. The hub and the bare server run in child processes so autocannon does not
// share their event loops. Goals: /sites/ ≥ 0.8 × the bare server's req/s with p99 < 10 ms, and
// gzip never slower than identity.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';

const { fetch } = globalThis;

const siteCount = Number(process.env.BENCH_SITES ?? 300);
const seconds = Number(process.env.BENCH_HUB_SECONDS ?? 10);
const connections = Number(process.env.BENCH_HUB_CONNECTIONS ?? 20);
const GOAL_RATIO = 0.8;
const GOAL_P99_MS = 10;

function startChild(script, args) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL(script, import.meta.url)), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before starting`)));
  });
  return {
    started,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function load(url, duration, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, pipelining: 1, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

// gzip: what python-requests (fedcloudclient, IM) sends; without it, every byte goes out raw.
async function measure(base, path, { label = path, gzip = false, ifNoneMatch, status = 200 } = {}) {
  const url = `${base}${path}`;
  const headers = { 'accept-encoding': gzip ? 'gzip, deflate' : 'identity' };
  if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch;
  const probe = await fetch(url, { headers });
  if (probe.status !== status) throw new Error(`GET ${path} answered ${probe.status}`);
  // Bytes on the wire: fetch decodes gzip, content-length does not lie about it.
  const decoded = (await probe.arrayBuffer()).byteLength;
  const size = Number(probe.headers.get('content-length') ?? decoded);
  await load(url, 2, headers); // warm-up: JIT, caches, connection pool
  const r = await load(url, seconds, headers);
  const bad = status === 304 ? r['3xx'] !== r.requests.total : r.non2xx > 0;
  if (bad || r.errors > 0 || r.timeouts > 0) {
    throw new Error(`GET ${path}: unexpected statuses, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  return { label, size, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

const hub = startChild('hub-server-child.js', [String(siteCount)]);
let bare;
const dir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-bare-'));
try {
  const started = await hub.started;
  const sitesRes = await fetch(`${started.url}/sites/`, {
    headers: { 'accept-encoding': 'identity' },
  });
  const sitesBytes = Buffer.from(await sitesRes.arrayBuffer());
  const etag = sitesRes.headers.get('etag') ?? '"none"';
  if (JSON.parse(sitesBytes.toString('utf8')).length !== siteCount) {
    throw new Error(`/sites/ does not list ${siteCount} sites`);
  }
  writeFileSync(join(dir, 'sites.json'), sitesBytes);
  writeFileSync(join(dir, 'sites.json.gz'), gzipSync(sitesBytes));
  bare = startChild('bare-server-child.js', [
    join(dir, 'sites.json'),
    join(dir, 'sites.json.gz'),
    etag,
  ]);
  const bareUrl = (await bare.started).url;

  const bareIdentity = await measure(bareUrl, '/sites/', { label: 'bare node:http, same bytes' });
  const bareGzip = await measure(bareUrl, '/sites/', {
    label: 'bare node:http, same bytes (gzip)',
    gzip: true,
  });
  const hubIdentity = await measure(started.url, '/sites/');
  const hubGzip = await measure(started.url, '/sites/', { label: '/sites/ (gzip)', gzip: true });
  const rows = [
    { ...(await measure(started.url, '/api/v1/whoami')), base: bareIdentity },
    { ...bareIdentity, base: bareIdentity },
    { ...hubIdentity, base: bareIdentity },
    {
      ...(await measure(started.url, '/sites/', {
        label: '/sites/ (If-None-Match: 304)',
        ifNoneMatch: etag,
        status: 304,
      })),
      base: bareIdentity,
    },
    { ...bareGzip, base: bareGzip },
    { ...hubGzip, base: bareGzip },
    { ...(await measure(started.url, '/sites/?include_projects=true')), base: bareIdentity },
    {
      ...(await measure(started.url, '/sites/?include_projects=true', {
        label: '/sites/?include_projects=true (gzip)',
        gzip: true,
      })),
      base: bareGzip,
    },
    {
      ...(await measure(started.url, '/images/?vo_name=fedcloud.egi.eu', {
        label: '/images/?vo_name=fedcloud.egi.eu (gzip)',
        gzip: true,
      })),
      base: bareGzip,
    },
  ];

  const pad = (text, width, right = false) =>
    right ? String(text).padStart(width) : String(text).padEnd(width);
  const lines = [
    `fedcloud-hub information system, ${siteCount} sites (${(started.documentBytes / 1024).toFixed(0)} kB GLUE document each, seeded in ${(started.seedMs / 1000).toFixed(1)} s), SQLite, autocannon ${connections} connections × ${seconds} s on loopback`,
    `  ${pad('GET', 46)}${pad('bytes', 8, true)}${pad('req/s', 9, true)}${pad('p50 ms', 8, true)}${pad('p99 ms', 8, true)}${pad('× bare', 9, true)}`,
  ];
  for (const r of rows) {
    lines.push(
      `  ${pad(r.label, 46)}${pad(r.size, 8, true)}${pad(r.rps.toFixed(0), 9, true)}${pad(r.p50, 8, true)}${pad(r.p99, 8, true)}${pad((r.rps / r.base.rps).toFixed(2), 9, true)}`,
    );
  }
  const verdict = (ok) => (ok ? 'goal met' : 'GOAL MISSED');
  for (const [row, base] of [
    [hubIdentity, bareIdentity],
    [hubGzip, bareGzip],
  ]) {
    const ratio = row.rps / base.rps;
    lines.push(
      `  ${row.label}: ${ratio.toFixed(2)} × bare (goal ≥ ${GOAL_RATIO}), p99 ${row.p99} ms (goal < ${GOAL_P99_MS}): ${verdict(ratio >= GOAL_RATIO && row.p99 < GOAL_P99_MS)}`,
    );
  }
  lines.push(
    `  gzip vs identity on the hub: ${(hubGzip.rps / hubIdentity.rps).toFixed(2)} × (goal ≥ 1): ${verdict(hubGzip.rps >= hubIdentity.rps)}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await bare?.stop();
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
}
