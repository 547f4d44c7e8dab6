// npm run bench -- images: the image sync's figures (the agent's `fedcloud-agent images`, atrope's
// `atrope sync`), each against a baseline measured in the same run on the same machine:
//   throughput: one signed HEPiX list of one RAW image, synced by the built binary
//     (packages/agent/bin/fedcloud-agent.js images --config F, a fresh process: Keystone login,
//     list fetched and its signature checked, image created, bytes streamed through the size and
//     sha512 check into Glance, shared with the VO's project) from a local HTTP mirror into a
//     one-site sandbox Glance, against a plain copy of the same bytes over loopback (node:http
//     GET piped into PUT, bench/images-copy-child.js) into a bare sink that writes them into the
//     folder where the sandbox Glance writes its images. Goal: sync ≥ 0.8 × the plain copy.
//   memory: the agent's peak RSS, from /usr/bin/time (the child's own, not this process's).
//     Goal: < 150 MB at every size, and flat in image size.
// Three processes a run, so nobody shares an event loop: the mirror (bench/images-server-child.js,
// bytes made on the fly, never a file), this process (the sandbox or the sink: the site), and
// the client (the agent or the copier). One untimed warm-up of each first.
// Settings: --images-sizes=256M,2G (K, M, G are KiB, MiB, GiB; plain numbers are bytes) for the
// sizes, --images-rounds=N for the median of N runs of each (default 1), --images-cpu-prof to
// write the clients' V8 CPU profiles to bench/results/images-cpu-prof/ (the site's: run
// `node --cpu-prof bench/images.js`). BENCH_IMAGES_SIZES and BENCH_IMAGES_ROUNDS do the same.
// Everything the sandbox stores goes in one folder under the OS temp folder, removed at the end.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createClient, deleteImage, loginWithPassword, request } from '@fedcloud/openstack';
import { startSandbox } from '@fedcloud/sandbox';
import { median } from './child-run.js';

const { fetch } = globalThis;
const TIME = '/usr/bin/time';
const AGENT = fileURLToPath(new URL('../packages/agent/bin/fedcloud-agent.js', import.meta.url));
const COPY = fileURLToPath(new URL('images-copy-child.js', import.meta.url));
const MIRROR = fileURLToPath(new URL('images-server-child.js', import.meta.url));
const PROFILES = fileURLToPath(new URL('results/images-cpu-prof/', import.meta.url));
const GOAL_RATIO = 0.8;
const GOAL_PEAK_MB = 150;
/** Flat: the largest size's peak RSS within this factor of the smallest's. */
const FLAT = 1.1;
const WARM_UP = 16 * 2 ** 20;
const MiB = 2 ** 20;

function option(name, fallback) {
  const flag = process.argv.find((arg) => arg.startsWith(`--images-${name}=`));
  const text = flag
    ? flag.slice(name.length + 10)
    : process.env[`BENCH_IMAGES_${name.toUpperCase()}`];
  return text === undefined || text === '' ? fallback : text;
}

function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  if (!match) throw new Error(`--images-sizes: not a size: ${text} (e.g. 256M, 2G)`);
  const bytes = Math.round(
    Number(match[1]) * { '': 1, K: 2 ** 10, M: MiB, G: 2 ** 30 }[match[2].toUpperCase()],
  );
  if (bytes < 1) throw new Error(`--images-sizes: too small: ${text}`);
  return bytes;
}

const sizes = [...new Set(option('sizes', '256M,2G').split(',').map(parseSize))].sort(
  (a, b) => a - b,
);
const rounds = Number(option('rounds', '1'));
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--images-rounds: a whole number ≥ 1');
const cpuProf = process.argv.includes('--images-cpu-prof');
if (!existsSync(TIME)) {
  throw new Error(
    `${TIME} is missing (Debian: apt-get install time): it measures the agent's peak RSS`,
  );
}

const label = (bytes) =>
  bytes % 2 ** 30 === 0
    ? `${bytes / 2 ** 30} GiB`
    : bytes % MiB === 0
      ? `${bytes / MiB} MiB`
      : `${bytes} B`;
const log = (line) => process.stderr.write(`  [images] ${line}\n`);
const cpuMs = (start) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
};

/** A child that prints one JSON line when ready and runs until killed (the mirror). */
function startChild(file, args) {
  const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before starting`)));
  });
  return {
    started,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * One client run, asynchronous (this process is the site it talks to): the child under
 * /usr/bin/time for its CPU and peak RSS, its stderr lines stamped with when they came.
 */
function runClient(file, args, env, scratch, tag) {
  const usage = join(scratch, `usage-${tag}`);
  const flags = cpuProf
    ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES}`, `--cpu-prof-name=${tag}.cpuprofile`]
    : [];
  const site = process.cpuUsage();
  const t0 = performance.now();
  const child = spawn(
    TIME,
    ['-f', '%U %S %M', '-o', usage, process.execPath, ...flags, file, ...args],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text) => {
    stdout += text;
  });
  const lines = [];
  createInterface({ input: child.stderr }).on('line', (line) =>
    lines.push({ ms: performance.now() - t0, line }),
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - t0;
      const siteCpuMs = cpuMs(site);
      // The last line: /usr/bin/time puts "Command exited with non-zero status" before it.
      const [user, system, maxKiB] = readFileSync(usage, 'utf8')
        .trim()
        .split('\n')
        .at(-1)
        .split(' ')
        .map(Number);
      resolve({
        code,
        stdout,
        lines,
        wallMs,
        siteCpuMs,
        cpuMs: (user + system) * 1000,
        peakMiB: maxKiB / 1024,
      });
    });
  });
}

const openssl = (args, cwd, input) =>
  execFileSync('openssl', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');

/** A CA in IGTF layout (<hash>.0) and an endorser it signed, as AppDB's. */
function makePki(dir) {
  mkdirSync(dir, { recursive: true });
  const caDn = '/DC=org/DC=fedcloud-bench/CN=Bench Endorsers CA';
  const endorserDn = '/DC=org/DC=fedcloud-bench/CN=appdb.bench';
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      caDn,
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'endorser.key',
      '-out',
      'endorser.csr',
      '-subj',
      endorserDn,
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'endorser.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      'endorser.pem',
    ],
    dir,
  );
  const caDir = join(dir, 'certificates');
  mkdirSync(caDir);
  const hash = openssl(['x509', '-in', 'ca.pem', '-noout', '-subject_hash'], dir).trim();
  writeFileSync(join(caDir, `${hash}.0`), readFileSync(join(dir, 'ca.pem')));
  return {
    caDir,
    caDn,
    endorserDn,
    sign: (text) =>
      openssl(['smime', '-sign', '-signer', 'endorser.pem', '-inkey', 'endorser.key'], dir, text),
  };
}

/** A HEPiX list (as AppDB publishes a VO's) of one RAW image, with every key atrope requires. */
function hepixList(pki, { id, url, size, sha512 }) {
  const image = {
    'dc:identifier': id,
    'dc:title': `Bench ${id}`,
    'dc:description': `the ${id} image`,
    'ad:group': 'General group',
    'ad:mpuri': `https://appdb.example.org/store/vo/image/${id}:1/`,
    'ad:user:fullname': 'Bench Endorser',
    'ad:user:guid': 'guid-1',
    'ad:user:uri': 'https://appdb.example.org/store/person/1',
    'hv:hypervisor': 'KVM',
    'hv:format': 'RAW',
    'hv:size': String(size),
    'hv:uri': url,
    'hv:version': '1',
    'sl:arch': 'x86_64',
    'sl:checksum:sha512': sha512,
    'sl:comments': '',
    'sl:os': 'Linux',
    'sl:osname': 'AlmaLinux',
    'sl:osversion': '9',
    'dc:date:expires': '2099-01-01T00:00:00Z',
  };
  const list = {
    'dc:identifier': `list-${id}`,
    'dc:title': 'Bench VO images',
    'dc:description': 'what the bench VO endorses',
    'dc:source': 'https://appdb.example.org',
    'dc:date:created': '2026-01-01T00:00:00Z',
    'dc:date:expires': '2099-01-01T00:00:00Z',
    'hv:uri': 'https://appdb.example.org/vo/image.list',
    'hv:version': '20260101000000',
    'hv:endorser': {
      'hv:x509': {
        'dc:creator': 'Applications Database',
        'hv:ca': pki.caDn,
        'hv:dn': pki.endorserDn,
        'hv:email': 'appdb@example.org',
      },
    },
    'hv:images': [{ 'hv:image': image }],
  };
  return pki.sign(`${JSON.stringify({ 'hv:imagelist': list }, null, 2)}\n`);
}

/** The baseline's receiver: PUT /<name> streams the body into <folder>/<name>, then 204. */
async function startSink(folder) {
  const server = createServer((req, res) => {
    const file = join(folder, `plain-copy-${createHash('sha1').update(req.url).digest('hex')}`);
    pipeline(req, createWriteStream(file)).then(
      () => res.writeHead(204).end(),
      (error) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    fileOf: (path) => join(folder, `plain-copy-${createHash('sha1').update(path).digest('hex')}`),
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-images-'));
const sandbox = await startSandbox({
  dataDir: join(dir, 'sandbox'),
  sites: 1,
  issuerPort: 0,
  controlPort: 0,
  sitesPort: 0,
  buildDelayMs: 100,
});
let mirror;
let sink;
const results = [];
try {
  const site = sandbox.sites[0];
  const { spec } = site.context;
  const transport = { fetch: sandbox.fetch };
  const vo = site.vos[0];
  const ownerProject = site.vos[1].projectId;
  // The image sync's account: member of the project owning the images and of the VO's project.
  const admin = await loginWithPassword(transport, {
    authUrl: site.identityUrl,
    username: 'admin',
    password: spec.adminPassword,
    projectId: spec.adminProjectId,
  });
  const roles = await request(transport, {
    url: `${admin.identityUrl}/roles?name=member`,
    token: admin.token,
  });
  for (const project of [ownerProject, vo.projectId]) {
    await request(transport, {
      method: 'PUT',
      url: `${admin.identityUrl}/projects/${project}/users/${spec.agentUserId}/roles/${roles.data.roles[0].id}`,
      token: admin.token,
      expected: [204],
    });
  }
  const owner = async () =>
    createClient({
      transport,
      auth: await loginWithPassword(transport, {
        authUrl: site.identityUrl,
        username: site.agent.username,
        password: site.agent.password,
        projectId: ownerProject,
      }),
    });

  const pki = makePki(join(dir, 'pki'));
  const listDir = join(dir, 'lists');
  mkdirSync(listDir);
  log(`hashing ${sizes.map(label).join(', ')} in the mirror…`);
  mirror = startChild(MIRROR, [listDir, [WARM_UP, ...sizes].join(',')]);
  const world = await mirror.started;
  const imagesDir = join(site.context.dataDir, 'images');
  mkdirSync(imagesDir, { recursive: true });
  sink = await startSink(imagesDir);
  if (cpuProf) mkdirSync(PROFILES, { recursive: true });
  const mirrorCpuMs = async () => (await (await fetch(`${world.url}/cpu`)).json()) / 1000;

  const copy = async (size, tag) => {
    const path = `/${tag}`;
    const mirror0 = await mirrorCpuMs();
    const run = await runClient(
      COPY,
      [`${world.url}/image/${size}`, `${sink.url}${path}`],
      { PATH: process.env.PATH },
      dir,
      tag,
    );
    run.mirrorCpuMs = (await mirrorCpuMs()) - mirror0;
    if (run.code !== 0)
      throw new Error(`the plain copy failed: ${run.lines.map((l) => l.line).join('\n')}`);
    const file = sink.fileOf(path);
    if (statSync(file).size !== size)
      throw new Error(`the sink has ${statSync(file).size} bytes, not ${size}`);
    rmSync(file);
    run.streamMs = JSON.parse(run.stdout.trim().split('\n').at(-1)).copyMs;
    return run;
  };

  const sync = async (size, tag) => {
    const name = `bench-${tag}`;
    writeFileSync(
      join(listDir, `${name}.smime`),
      hepixList(pki, {
        id: name,
        url: `${world.url}/image/${size}`,
        size,
        sha512: world.sha512[size],
      }),
    );
    const config = join(dir, `${name}.yaml`);
    writeFileSync(
      config,
      [
        `auth_url: ${site.identityUrl}`,
        `project: ${ownerProject}`,
        `credentials: {username: ${site.agent.username}}`,
        `ca_dir: ${pki.caDir}`,
        `state_dir: ${join(dir, `state-${name}`)}`,
        'subscriptions:',
        `  ${name}:`,
        `    url: ${world.url}/lists/${name}.smime`,
        `    endorser: {dn: "${pki.endorserDn}", ca: "${pki.caDn}"}`,
        `    vo: ${vo.vo}`,
        '',
      ].join('\n'),
    );
    const mirror0 = await mirrorCpuMs();
    const run = await runClient(
      AGENT,
      ['images', '--config', config, '--json'],
      {
        PATH: process.env.PATH,
        HOME: dir,
        OS_PASSWORD: site.agent.password,
        FEDCLOUD_CA_FILE: sandbox.files.caFile,
      },
      dir,
      tag,
    );
    run.mirrorCpuMs = (await mirrorCpuMs()) - mirror0;
    const summary = run.code === 0 ? JSON.parse(run.stdout.trim().split('\n').at(-1)) : undefined;
    const uploaded = summary?.subscriptions[0]?.uploaded ?? [];
    if (!summary?.ok || uploaded.length !== 1) {
      throw new Error(
        `the sync failed (exit ${run.code}):\n${run.lines.map((l) => l.line).join('\n')}`,
      );
    }
    const { glanceId } = uploaded[0];
    const stored = statSync(join(imagesDir, glanceId)).size;
    if (stored !== size) throw new Error(`Glance stored ${stored} bytes, not ${size}`);
    // From "uploading" to the run's summary: the bytes, Glance's checks and the sharing.
    const at = (pattern) => run.lines.find((l) => pattern.test(l.line))?.ms;
    run.streamMs = at(/: synced /) - at(/: uploading /);
    await deleteImage(await owner(), glanceId);
    return run;
  };

  log(`warm-up: ${label(WARM_UP)} copied and synced`);
  await copy(WARM_UP, 'warm-up-copy');
  await sync(WARM_UP, 'warm-up-sync');
  for (const size of sizes) {
    const copies = [];
    const syncs = [];
    for (let round = 0; round < rounds; round += 1) {
      const tag = `${label(size).replace(' ', '')}-${round + 1}`;
      copies.push(await copy(size, `copy-${tag}`));
      syncs.push(await sync(size, `sync-${tag}`));
      log(
        `${label(size)} round ${round + 1}: copy ${(copies.at(-1).wallMs / 1000).toFixed(2)} s, sync ${(syncs.at(-1).wallMs / 1000).toFixed(2)} s, agent peak ${syncs.at(-1).peakMiB.toFixed(0)} MiB`,
      );
    }
    const of = (runs) => ({
      wallMs: median(runs.map((r) => r.wallMs)),
      streamMs: median(runs.map((r) => r.streamMs)),
      cpuMs: median(runs.map((r) => r.cpuMs)),
      siteCpuMs: median(runs.map((r) => r.siteCpuMs)),
      mirrorCpuMs: median(runs.map((r) => r.mirrorCpuMs)),
      peakMiB: Math.max(...runs.map((r) => r.peakMiB)),
    });
    results.push({ size, copy: of(copies), sync: of(syncs) });
  }
} finally {
  await sink?.stop();
  await mirror?.stop();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
}

const rate = (size, ms) => size / MiB / (ms / 1000);
const pad = (text, width) => String(text).padStart(width);
const perGiB = (ms, size) => ((ms / 1000) * 2 ** 30) / size;
const lines = [
  `image sync (fedcloud-agent images, built, RAW image, sha512 checked, TLS to Glance) from a loopback mirror into a one-site sandbox Glance, against a plain node:http copy over loopback into a bare sink in Glance's image folder; ${rounds === 1 ? 'one run' : `median of ${rounds} runs`} of each, fresh processes`,
  '  MiB/s: whole process (spawn to exit) | stream (copy: GET to 204; sync: "uploading" to its summary); peak RSS of the client, from /usr/bin/time',
  `  ${'size'.padEnd(8)}${pad('copy MiB/s', 12)}${pad('sync MiB/s', 12)}${pad('× copy', 8)}${pad('copy stream', 13)}${pad('sync stream', 13)}${pad('× copy', 8)}${pad('copier MiB', 12)}${pad('agent MiB', 11)}`,
];
for (const { size, copy, sync } of results) {
  lines.push(
    `  ${label(size).padEnd(8)}${pad(rate(size, copy.wallMs).toFixed(0), 12)}${pad(rate(size, sync.wallMs).toFixed(0), 12)}${pad((copy.wallMs / sync.wallMs).toFixed(2), 8)}${pad(rate(size, copy.streamMs).toFixed(0), 13)}${pad(rate(size, sync.streamMs).toFixed(0), 13)}${pad((copy.streamMs / sync.streamMs).toFixed(2), 8)}${pad(copy.peakMiB.toFixed(0), 12)}${pad(sync.peakMiB.toFixed(0), 11)}`,
  );
}
lines.push(
  '  CPU s per GiB moved, by process: client (copier | agent), site (sink | sandbox Glance), mirror',
);
for (const { size, copy, sync } of results) {
  const cpu = (r) =>
    `client ${perGiB(r.cpuMs, size).toFixed(2)}, site ${perGiB(r.siteCpuMs, size).toFixed(2)}, mirror ${perGiB(r.mirrorCpuMs, size).toFixed(2)}`;
  lines.push(`  ${label(size).padEnd(8)}copy: ${cpu(copy)} | sync: ${cpu(sync)}`);
}
const verdict = (ok) => (ok ? 'goal met' : 'GOAL MISSED');
const largest = results.at(-1);
const smallest = results[0];
const ratio = largest.copy.wallMs / largest.sync.wallMs;
lines.push(
  `  throughput at ${label(largest.size)}: sync ${ratio.toFixed(2)} × the plain copy (goal ≥ ${GOAL_RATIO}): ${verdict(ratio >= GOAL_RATIO)}`,
);
const peak = Math.max(...results.map((r) => r.sync.peakMiB));
lines.push(
  `  agent peak RSS: ${results.map((r) => `${r.sync.peakMiB.toFixed(0)} MiB at ${label(r.size)}`).join(', ')} (goal < ${GOAL_PEAK_MB} MB = ${((GOAL_PEAK_MB * 1e6) / MiB).toFixed(0)} MiB): ${verdict(peak * MiB < GOAL_PEAK_MB * 1e6)}`,
);
if (largest !== smallest) {
  const growth = largest.sync.peakMiB / smallest.sync.peakMiB;
  lines.push(
    `  flat in image size: ${label(largest.size)} / ${label(smallest.size)} peak = ${growth.toFixed(2)} for × ${(largest.size / smallest.size).toFixed(0)} the bytes (goal ≤ ${FLAT}): ${verdict(growth <= FLAT)}`,
  );
}
if (cpuProf) lines.push(`  CPU profiles: ${PROFILES}`);
process.stdout.write(`${lines.join('\n')}\n`);
