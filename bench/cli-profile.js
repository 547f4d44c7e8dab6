// Where a fedcloud command's CPU goes: runs it under `node --cpu-prof` against sandbox sites with
// added latency and prints the top self-time functions and the time per package. Not part of
// `npm run bench`; run by hand: node bench/cli-profile.js [sites] [warm|cold] [args…]
//   node bench/cli-profile.js 1 warm          one site, warm Keystone cache
//   node bench/cli-profile.js 30 cold         ALL_SITES over 30 sites, empty cache
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@fedcloud/sandbox';

// The bin: the bundle when it is current, as users run it.
const FEDCLOUD = fileURLToPath(new URL('../packages/cli/bin/fedcloud.js', import.meta.url));
const [sitesArg = '1', mode = 'warm', ...extra] = process.argv.slice(2);
const siteCount = Number(sitesArg);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 150);
const top = Number(process.env.PROFILE_TOP ?? 25);

const run = (args, env) =>
  new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(stdout),
    );
  });

/** Self time per node of a .cpuprofile (samples × interval), summed by function and by package. */
function summarise(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i += 1) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  }
  const byFunction = new Map();
  const byPackage = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const url = callFrame.url.replace(/^file:\/\//, '');
    const where = url.includes('node_modules/')
      ? url
          .slice(url.lastIndexOf('node_modules/') + 13)
          .split('/')
          .slice(0, url.includes('/@') ? 2 : 1)
          .join('/')
      : url.includes('/packages/')
        ? `@fedcloud/${url.split('/packages/')[1].split('/')[0]}`
        : url.startsWith('node:')
          ? 'node:internal'
          : url || callFrame.functionName || '(native)';
    const fn = `${callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPackage.set(where, (byPackage.get(where) ?? 0) + us);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fmt = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`)
      .join('\n');
  return `total sampled ${(total / 1000).toFixed(0)} ms\nby package:\n${fmt(byPackage)}\nby function (self):\n${fmt(byFunction)}`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'fedcloud-profile-'));
const sandbox = await startSandbox({
  dataDir,
  sites: siteCount,
  issuerPort: 0,
  controlPort: 0,
  sitesPort: 0,
});
try {
  for (const site of sandbox.sites) await sandbox.setFaults(site.name, { latencyMs });
  const cache = mkdtempSync(join(dataDir, 'cache-'));
  const env = {
    PATH: process.env.PATH,
    HOME: dataDir,
    LANG: 'C.UTF-8',
    XDG_CACHE_HOME: cache,
    OIDC_ACCESS_TOKEN: await sandbox.tokenFor('alice'),
    FEDCLOUD_SITE_CONFIG_DIR: sandbox.files.sitesDir,
    FEDCLOUD_CA_FILE: sandbox.files.caFile,
  };
  const site = siteCount === 1 ? sandbox.sites[0].name : 'ALL_SITES';
  const args = extra.length
    ? extra
    : ['openstack', 'server', 'list', '--site', site, '--vo', 'vo.access.egi.eu', '-j'];
  if (mode === 'warm') await run([FEDCLOUD, ...args], env);
  const profDir = mkdtempSync(join(dataDir, 'prof-'));
  const t0 = performance.now();
  await run(['--cpu-prof', '--cpu-prof-dir', profDir, FEDCLOUD, ...args], env);
  const ms = performance.now() - t0;
  const [file] = readdirSync(profDir);
  // PROFILE_KEEP=path.cpuprofile keeps the profile for Chrome DevTools or speedscope.
  if (process.env.PROFILE_KEEP) copyFileSync(join(profDir, file), process.env.PROFILE_KEEP);
  process.stdout.write(
    `${siteCount} site(s), ${mode}, ${latencyMs} ms latency: ${ms.toFixed(0)} ms wall (profiled)\n${summarise(join(profDir, file))}\n`,
  );
} finally {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
