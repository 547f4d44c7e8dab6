// npm run bench -- accounting (part 3): one runAccounting extraction (fedcloud-agent, cASO's
// nova extractor: servers paged 200 at a time with changes-since, the usage report, one record
// each, messages of 100 into the SSM queue) against a sandbox site whose project holds 1,000 and
// 10,000 servers, against the baseline of the same with 100 servers, in the same run. Each
// extraction runs in a fresh Node (bench/accounting-extract-child.js) so its time and peak RSS
// are its own; the sandbox serves it from this process.
//
// 10,000 creates through Nova's API would take minutes of BUILD phases: one server is created
// through the API, and the others are copies of its stored record (new id, name and times)
// written straight into the site's resource store, which is what the API would have left there.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createClient,
  createServer,
  getServer,
  loginWithFederation,
  scopeToProject,
} from '@fedcloud/openstack';
import { startSandbox } from '@fedcloud/sandbox';
import { option } from './accounting-options.js';

const sizes = option('servers', '100,1000,10000').split(',').map(Number);
const SERVER_KIND = 'compute.server';
const HOUR = 3600 * 1000;

const log = (line) => process.stderr.write(`  [accounting extract] ${line}\n`);

/** The child, asynchronously: the sandbox in this process must go on answering it. */
function runExtraction(args) {
  const file = fileURLToPath(new URL('accounting-extract-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [file, JSON.stringify(args)],
      { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`extraction failed: ${stderr.slice(0, 1000)}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      },
    );
  });
}

/** A member of the VO boots one server in its project through Nova's API: the template. */
async function templateServer(sandbox, site, { vo, projectId }) {
  const member = sandbox.users.find((user) => user.vos.includes(vo));
  if (!member) throw new Error(`no sandbox user is in ${vo}`);
  const transport = { fetch: sandbox.fetch };
  const unscoped = await loginWithFederation(transport, {
    authUrl: site.identityUrl,
    identityProvider: site.context.spec.identityProvider,
    protocol: 'openid',
    accessToken: await sandbox.tokenFor(member.username),
  });
  const client = createClient({
    transport,
    auth: await scopeToProject(transport, unscoped, { id: projectId }),
  });
  const created = await createServer(client, {
    name: 'template',
    flavorRef: site.context.spec.flavors[1].id,
    imageRef: site.context.spec.images[0].id,
    networks: 'none',
  });
  for (let i = 0; i < 100; i += 1) {
    if ((await getServer(client, created.id)).status === 'ACTIVE') break;
    await sleep(50);
  }
  return site.context.store.get(SERVER_KIND, created.id);
}

/**
 * `count` servers in the project, copies of the template, booted over the last 20 days one
 * after another, every fourth deleted since, each flavor of the site in turn.
 */
function seedServers(site, template, projectId, count, now) {
  const flavors = site.context.spec.flavors.filter((f) => !f.name.startsWith('g'));
  const { store } = site.context;
  store.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const created = new Date(now - 20 * 24 * HOUR + (i * 20 * 24 * HOUR) / count);
      const launched = new Date(created.getTime() + 5000);
      const deleted = i % 4 === 3 ? new Date(launched.getTime() + 6 * HOUR) : undefined;
      const id = randomUUID();
      const flavor = flavors[i % flavors.length];
      const server = {
        ...template,
        id,
        name: `bench-${i}`,
        hostname: `bench-${i}`,
        instanceName: `instance-${id.slice(0, 8)}`,
        reservationId: `r-${id.slice(0, 8)}`,
        flavor: {
          id: flavor.id,
          name: flavor.name,
          vcpus: flavor.vcpus,
          ram: flavor.ram,
          disk: flavor.disk,
          ephemeral: flavor.ephemeral,
          swap: flavor.swap,
          extraSpecs: flavor.extraSpecs,
        },
        readyAt: launched.toISOString(),
        createdAt: created.toISOString(),
        launchedAt: launched.toISOString(),
        updatedAt: (deleted ?? launched).toISOString(),
        ...(deleted
          ? { vmState: 'deleted', powerState: 0, terminatedAt: deleted.toISOString() }
          : {}),
      };
      store.insert(SERVER_KIND, id, projectId, server, created);
    }
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-extract-'));
const sandbox = await startSandbox({
  dataDir: join(dataDir, 'sandbox'),
  sites: 1,
  issuerPort: 0,
  controlPort: 0,
  sitesPort: 0,
  buildDelayMs: 100,
});
const runs = [];
try {
  const site = sandbox.sites[0];
  if (site.vos.length < sizes.length) throw new Error(`site ${site.name} has too few projects`);
  const now = Date.now();
  for (const [k, count] of sizes.entries()) {
    const { projectId } = site.vos[k];
    const template = await templateServer(sandbox, site, site.vos[k]);
    const t0 = performance.now();
    seedServers(site, template, projectId, count - 1, now);
    log(
      `${count} servers in project ${projectId} (${((performance.now() - t0) / 1000).toFixed(1)} s to seed)`,
    );
    const sandboxCpu = process.cpuUsage();
    const result = await runExtraction({
      authUrl: site.identityUrl,
      credentials: site.agent,
      caFile: sandbox.files.caFile,
      siteName: site.name,
      projectId,
      dir: join(dataDir, `agent-${count}`),
      from: new Date(now - 30 * 24 * HOUR).toISOString(),
      to: new Date(now + HOUR).toISOString(),
    });
    const { user, system } = process.cpuUsage(sandboxCpu);
    result.sandboxCpuMs = (user + system) / 1000;
    if (result.servers !== count || result.records !== count) {
      throw new Error(
        `${count} servers, but the run read ${result.servers} and made ${result.records} records`,
      );
    }
    runs.push({ servers: count, ...result });
    log(
      `${count} servers: ${(result.runMs / 1000).toFixed(2)} s, ${result.peakRssMiB.toFixed(0)} MiB peak`,
    );
  }
} finally {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const base = runs[0];
const lines = [
  `accounting extraction (runAccounting, extract mode, SSM queue), one fresh process a run; CPU is the extractor's own, site CPU the sandbox's (in the parent) while it ran`,
  `  ${'servers'.padStart(8)}${'run s'.padStart(8)}${'CPU s'.padStart(8)}${'site CPU s'.padStart(12)}${'ms/server'.padStart(11)}${'peak MiB'.padStart(10)}${'run +MiB'.padStart(10)}${'messages'.padStart(10)}${'× time'.padStart(8)}${'× MiB'.padStart(7)}`,
];
for (const r of runs) {
  lines.push(
    `  ${String(r.servers).padStart(8)}${(r.runMs / 1000).toFixed(2).padStart(8)}${(r.cpuMs / 1000).toFixed(2).padStart(8)}${(r.sandboxCpuMs / 1000).toFixed(2).padStart(12)}${(r.runMs / r.servers).toFixed(2).padStart(11)}${r.peakRssMiB.toFixed(0).padStart(10)}${(r.peakRssMiB - r.startRssMiB).toFixed(0).padStart(10)}${String(r.messages).padStart(10)}${(r.runMs / base.runMs).toFixed(1).padStart(8)}${(r.peakRssMiB / base.peakRssMiB).toFixed(2).padStart(7)}`,
  );
}
const last = runs.at(-1);
if (last && last !== base) {
  lines.push(
    `  ${last.servers} against ${base.servers} servers (× ${last.servers / base.servers}): time × ${(last.runMs / base.runMs).toFixed(1)}, extractor CPU × ${(last.cpuMs / base.cpuMs).toFixed(1)}, site CPU × ${(last.sandboxCpuMs / base.sandboxCpuMs).toFixed(1)}, peak RSS × ${(last.peakRssMiB / base.peakRssMiB).toFixed(2)} (${(((last.peakRssMiB - base.peakRssMiB) * 1024) / (last.servers - base.servers)).toFixed(1)} KiB a server)`,
  );
}
process.stdout.write(`${JSON.stringify({ part: 'extract', lines, results: runs })}\n`);
