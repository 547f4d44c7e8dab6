// The fedcloud CLI against the python openstack client, measured in the same run on the same
// machine, and against the physical limit: the sandbox's injected latency × the round trips the
// command needs (3 cold: federated login, scope, the call; 1 warm: the call, whose image and
// flavor look-ups go out at the same time). Start-up (--version, --help) is set against
// `node -e 0`, the floor of any Node program. Every figure is a median of whole-process runs;
// CPU is user + system of the child, from /usr/bin/time. The goals are issue 16's; they are
// reported here, never asserted in tests.
import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@fedcloud/sandbox';

// What users run: the bin picks the bundle when it is current (npm run bench bundles first).
const FEDCLOUD = fileURLToPath(new URL('../packages/cli/bin/fedcloud.js', import.meta.url));
const TIME = '/usr/bin/time';
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const fewSites = Number(process.env.BENCH_CLI_SITES ?? 30);
const manySites = Number(process.env.BENCH_CLI_MANY_SITES ?? 100);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 150);

// Asynchronous on purpose: the sandbox serves from this very process, so a synchronous spawn
// would stop it from answering the command being timed.
function run(command, args, env, scratch) {
  const withTime = existsSync(TIME);
  const cpuFile = join(scratch, `cpu-${process.hrtime.bigint()}`);
  const [file, argv] = withTime
    ? [TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]]
    : [command, args];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      file,
      argv,
      { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => {
        const ms = performance.now() - t0;
        if (error) {
          reject(
            new Error(
              `${command} ${args.slice(0, 4).join(' ')} … failed (${error.code}): ${stderr.slice(0, 500)}`,
            ),
          );
          return;
        }
        let cpuMs = Number.NaN;
        if (withTime) {
          const [user, system] = readFileSync(cpuFile, 'utf8')
            .trim()
            .split(/\s+/)
            .slice(-2)
            .map(Number);
          cpuMs = (user + system) * 1000;
        }
        resolve({ ms, cpuMs, stdout });
      },
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const which = (cmd) =>
  spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();

/** Median wall and CPU of `rounds` runs; `before` runs ahead of each (a fresh cache for cold). */
async function measure(command, args, env, scratch, { before, check } = {}) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < rounds; i += 1) {
    const runEnv = before ? before(env) : env;
    const { ms, cpuMs, stdout } = await run(command, args, runEnv, scratch);
    check?.(stdout);
    walls.push(ms);
    cpus.push(cpuMs);
  }
  return { ms: median(walls), cpuMs: median(cpus) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-cli-'));
const sandbox = await startSandbox({
  dataDir,
  sites: Math.max(fewSites, manySites),
  issuerPort: 0,
  controlPort: 0,
  sitesPort: 0,
});
try {
  for (const site of sandbox.sites) await sandbox.setFaults(site.name, { latencyMs });
  const token = await sandbox.tokenFor('alice');
  const base = { PATH: process.env.PATH, HOME: dataDir, LANG: 'C.UTF-8' };
  // A folder of the first `fewSites` site files: ALL_SITES over 30 of the 100 sites.
  const fewDir = join(dataDir, 'few-sites');
  mkdirSync(fewDir);
  for (const name of readdirSync(sandbox.files.sitesDir).sort().slice(0, fewSites))
    copyFileSync(join(sandbox.files.sitesDir, name), join(fewDir, name));
  const fedEnv = (sitesDir) => ({
    ...base,
    XDG_CACHE_HOME: mkdtempSync(join(dataDir, 'cache-')),
    OIDC_ACCESS_TOKEN: token,
    FEDCLOUD_SITE_CONFIG_DIR: sitesDir,
    FEDCLOUD_CA_FILE: sandbox.files.caFile,
  });
  const coldCache = (env) => ({ ...env, XDG_CACHE_HOME: mkdtempSync(join(dataDir, 'cold-')) });
  const list = (site) => [
    'openstack',
    'server',
    'list',
    '--site',
    site,
    '--vo',
    'vo.access.egi.eu',
    '-j',
  ];
  const answered = (count) => (stdout) => {
    const rows = JSON.parse(stdout);
    if (rows.length !== count || rows.some((r) => r['Error code'] !== 0))
      throw new Error('not every site answered');
  };
  const node = (args, env, options) =>
    measure(process.execPath, [FEDCLOUD, ...args], env, dataDir, options);

  const oneEnv = fedEnv(sandbox.files.sitesDir);
  const one = list(sandbox.sites[0].name);
  const oneCold = await node(one, oneEnv, { before: coldCache, check: answered(1) });
  await node(one, oneEnv); // fills the cache
  const oneWarm = await node(one, oneEnv, { check: answered(1) });

  const fewEnv = fedEnv(fewDir);
  const fewCold = await node(list('ALL_SITES'), fewEnv, {
    before: coldCache,
    check: answered(fewSites),
  });
  await node(list('ALL_SITES'), fewEnv);
  const fewWarm = await node(list('ALL_SITES'), fewEnv, { check: answered(fewSites) });

  const manyEnv = fedEnv(sandbox.files.sitesDir);
  const manyCold = await node(list('ALL_SITES'), manyEnv, {
    before: coldCache,
    check: answered(manySites),
  });

  const version = await node(['--version'], base);
  const help = await node(['--help'], base);
  const nodeFloor = await measure(process.execPath, ['-e', '0'], base, dataDir);

  const openstack = which('openstack');
  let python;
  let pyVersion;
  let pyHelp;
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
    python = await measure(openstack, pyArgs, { ...base, OS_ACCESS_TOKEN: token }, dataDir);
    pyVersion = await measure(openstack, ['--version'], base, dataDir);
    pyHelp = await measure(openstack, ['--help'], base, dataDir);
  }

  const s = (ms) => `${(ms / 1000).toFixed(3)} s`;
  const x = (value, against) => (against ? `${(value / against).toFixed(2)}×` : 'n/a');
  const rt = (n) => n * latencyMs;
  const row = (label, figure, { py, limit, limitName, goal, cpuGoal }) => {
    const parts = [
      `  ${label.padEnd(34)} ${s(figure.ms)} wall, ${s(figure.cpuMs)} CPU`,
      `= ${x(figure.ms, py?.ms)} python`,
      `${x(figure.ms, limit)} the limit (${limitName})`,
    ];
    const goals = [];
    if (goal !== undefined)
      goals.push(`wall ≤ ${s(goal)} ${figure.ms <= goal ? 'met' : 'NOT met'}`);
    if (cpuGoal !== undefined)
      goals.push(`CPU ≤ ${s(cpuGoal)} ${figure.cpuMs <= cpuGoal ? 'met' : 'NOT met'}`);
    return `${parts.join(', ')}${goals.length ? `; goal: ${goals.join(', ')}` : ''}`;
  };
  const warmLimit = { limit: rt(1), limitName: `1 round trip, ${rt(1)} ms` };
  const coldLimit = { limit: rt(3), limitName: `3 round trips, ${rt(3)} ms` };
  const floor = { limit: nodeFloor.ms, limitName: `node -e 0, ${nodeFloor.ms.toFixed(0)} ms` };
  const lines = [
    `fedcloud CLI, median of ${rounds} runs each, sandbox sites with ${latencyMs} ms added latency`,
    python
      ? `  baseline: python openstack server list, 1 site: ${s(python.ms)} wall, ${s(python.cpuMs)} CPU`
      : '  (python openstack client not installed: no baseline)',
    row('server list, 1 site, warm cache', oneWarm, {
      py: python,
      ...warmLimit,
      goal: 300,
      cpuGoal: 150,
    }),
    row('server list, 1 site, cold cache', oneCold, { py: python, ...coldLimit }),
    row(`server list, ${fewSites} sites, warm cache`, fewWarm, {
      py: python,
      ...warmLimit,
      goal: 400,
    }),
    row(`server list, ${fewSites} sites, cold cache`, fewCold, {
      py: python,
      ...coldLimit,
      goal: 800,
    }),
    row(`server list, ${manySites} sites, cold, defaults`, manyCold, {
      py: python,
      ...coldLimit,
      goal: 1000,
    }),
    `    CPU per site beyond the first: ${((manyCold.cpuMs - oneCold.cpuMs) / (manySites - 1)).toFixed(1)} ms`,
    row('--version', version, { py: pyVersion, ...floor, goal: 60 }),
    row('--help', help, { py: pyHelp, ...floor, goal: 60 }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
