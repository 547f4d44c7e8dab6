// The fedcloud CLI against the python openstack client, measured in the same run on the same
// machine: (a) server list over 30 sandbox sites with 150 ms added latency each, cold and warm
// Keystone caches, against one python `openstack server list` on one of those sites; (b) start-up,
// `fedcloud --version` against `openstack --version`.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@fedcloud/sandbox';

const FEDCLOUD = fileURLToPath(new URL('../packages/cli/dist/main.js', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const siteCount = Number(process.env.BENCH_CLI_SITES ?? 30);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 150);

// Asynchronous on purpose: the sandbox serves from this very process, so a synchronous spawn
// would stop it from answering the command being timed.
function time(command, args, env) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => {
        const ms = performance.now() - t0;
        if (error) {
          reject(
            new Error(
              `${command} ${args.slice(0, 4).join(' ')} … failed (${error.code}): ${stderr.slice(0, 500)}`,
            ),
          );
        } else {
          resolve({ ms, stdout });
        }
      },
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const which = (cmd) =>
  spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();

const dataDir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-cli-'));
const sandbox = await startSandbox({
  dataDir,
  sites: siteCount,
  issuerPort: 0,
  controlPort: 0,
  sitesPort: 0,
});
try {
  for (const site of sandbox.sites) await sandbox.setFaults(site.name, { latencyMs });
  const token = await sandbox.tokenFor('alice');
  const base = { PATH: process.env.PATH, HOME: dataDir, LANG: 'C.UTF-8' };
  const fedEnv = (cache) => ({
    ...base,
    XDG_CACHE_HOME: cache,
    OIDC_ACCESS_TOKEN: token,
    FEDCLOUD_SITE_CONFIG_DIR: sandbox.files.sitesDir,
    FEDCLOUD_CA_FILE: sandbox.files.caFile,
  });
  const listAll = [
    'openstack',
    'server',
    'list',
    '--site',
    'ALL_SITES',
    '--vo',
    'vo.access.egi.eu',
    '-j',
  ];

  const cold = [];
  for (let i = 0; i < rounds; i += 1) {
    const cache = mkdtempSync(join(dataDir, 'cold-'));
    const { ms, stdout } = await time(process.execPath, [FEDCLOUD, ...listAll], fedEnv(cache));
    const rows = JSON.parse(stdout);
    if (rows.length !== siteCount || rows.some((r) => r['Error code'] !== 0))
      throw new Error('not every site answered');
    cold.push(ms);
  }
  const warmCache = mkdtempSync(join(dataDir, 'warm-'));
  await time(process.execPath, [FEDCLOUD, ...listAll], fedEnv(warmCache));
  const warm = [];
  for (let i = 0; i < rounds; i += 1)
    warm.push((await time(process.execPath, [FEDCLOUD, ...listAll], fedEnv(warmCache))).ms);

  const openstack = which('openstack');
  const lines = [
    `fedcloud CLI, median of ${rounds} runs each, ${siteCount} sandbox sites with ${latencyMs} ms added latency`,
  ];
  if (openstack) {
    const site = sandbox.sites[0];
    const pyArgs = [
      '--os-auth-url',
      site.identityUrl,
      '--os-auth-type',
      'v3oidcaccesstoken',
      '--os-identity-provider',
      'egi.eu',
      '--os-protocol',
      'openid',
      '--os-project-id',
      site.vos[0].projectId,
      '--os-cacert',
      sandbox.files.caFile,
      'server',
      'list',
      '-f',
      'json',
    ];
    const pyEnv = { ...base, OS_ACCESS_TOKEN: token };
    const python = [];
    for (let i = 0; i < rounds; i += 1) python.push((await time(openstack, pyArgs, pyEnv)).ms);
    const pyVersion = [];
    const fedVersion = [];
    for (let i = 0; i < rounds; i += 1) {
      pyVersion.push((await time(openstack, ['--version'], base)).ms);
      fedVersion.push((await time(process.execPath, [FEDCLOUD, '--version'], base)).ms);
    }
    const p = median(python);
    lines.push(
      `  baseline: python openstack server list, 1 site: ${p.toFixed(0)} ms`,
      `  fedcloud server list --site ALL_SITES (${siteCount} sites), cold caches: ${median(cold).toFixed(0)} ms = ${(median(cold) / p).toFixed(2)} × the python call on one site`,
      `  fedcloud server list --site ALL_SITES (${siteCount} sites), warm caches: ${median(warm).toFixed(0)} ms = ${(median(warm) / p).toFixed(2)} × the python call on one site`,
      `  baseline: openstack --version: ${median(pyVersion).toFixed(0)} ms`,
      `  fedcloud --version: ${median(fedVersion).toFixed(0)} ms = ${(median(fedVersion) / median(pyVersion)).toFixed(3)} × openstack --version`,
    );
  } else {
    lines.push(
      `  (python openstack client not installed: no baseline)`,
      `  cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
