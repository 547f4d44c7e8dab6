import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { ZodError } from 'zod';
import type { Federation, FederationImageList } from '../federation.js';
import {
  DEFAULT_ACCOUNTING_INTERVAL_SECONDS,
  DEFAULT_AGENT_INTERVAL_SECONDS,
  DEFAULT_HUB_PORT,
  DEFAULT_IMAGES_INTERVAL_SECONDS,
} from '../federation-defaults.js';
import {
  describeOptionIssues,
  optionsFromEnv,
  type Sandbox,
  type SandboxOptionsInput,
  seedUsageHistory,
  startSandbox,
} from '@fedcloud/sandbox';

export interface StartFlags {
  sites?: number;
  host?: string;
  issuerPort?: number;
  controlPort?: number;
  vaultPort?: number;
  mytokenPort?: number;
  appliancesPort?: number;
  sitesPort?: number;
  buildDelay?: number;
  insecureHttp?: boolean;
  json?: boolean;
  /** false (`--no-hub`): the issuer and the sites only, as before the hub existed. */
  hub?: boolean;
  hubPort?: number;
  /** Seconds between two information cycles of each site's agent. */
  agentInterval?: number;
  /** Seconds between two accounting runs of each site's agent; 0: none. */
  accountingInterval?: number;
  /** Seconds between two image syncs of each site's agent; 0: no image list, no syncs. */
  imagesInterval?: number;
  /** Months of past VM use to give the sites on a new data folder (0 or absent: none). */
  historyMonths?: number;
}

export interface Started {
  sandbox: Sandbox;
  /** Absent with --no-hub. */
  federation?: Federation;
  /** Time from the call to everything ready, first agent cycles included. */
  ms: number;
  /** Agents, then the hub, then the sandbox. */
  stop(): Promise<void>;
}

/**
 * FEDCLOUD_SANDBOX_HUB_PORT, FEDCLOUD_SANDBOX_AGENT_INTERVAL and
 * FEDCLOUD_SANDBOX_ACCOUNTING_INTERVAL, checked like the flags.
 */
function hubSettingsFromEnv(env: NodeJS.ProcessEnv): {
  hubPort?: number;
  agentInterval?: number;
  accountingInterval?: number;
  imagesInterval?: number;
} {
  const read = (name: string, min: number): number | undefined => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > 65535 * 1000) {
      throw new Error(`bad option:\n${name}: must be a whole number ≥ ${min}, not "${value}"`);
    }
    return n;
  };
  const hubPort = read('FEDCLOUD_SANDBOX_HUB_PORT', 0);
  if (hubPort !== undefined && hubPort > 65535) {
    throw new Error(
      `bad option:\nFEDCLOUD_SANDBOX_HUB_PORT: must be a port number, not ${hubPort}`,
    );
  }
  const agentInterval = read('FEDCLOUD_SANDBOX_AGENT_INTERVAL', 1);
  const accountingInterval = read('FEDCLOUD_SANDBOX_ACCOUNTING_INTERVAL', 0);
  const imagesInterval = read('FEDCLOUD_SANDBOX_IMAGES_INTERVAL', 0);
  return {
    ...(hubPort === undefined ? {} : { hubPort }),
    ...(agentInterval === undefined ? {} : { agentInterval }),
    ...(accountingInterval === undefined ? {} : { accountingInterval }),
    ...(imagesInterval === undefined ? {} : { imagesInterval }),
  };
}

/**
 * Starts the sandbox and, unless `flags.hub === false`, the federation in front of it (hub, site
 * registrations, one information agent per site, their first cycle done). What `start` runs,
 * without the printing and the signal handling, so tests can run it in-process.
 */
export async function startAll(
  dataDir: string,
  flags: StartFlags,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): Promise<Started> {
  const input: SandboxOptionsInput = { ...optionsFromEnv(env), dataDir };
  if (flags.sites !== undefined) input.sites = flags.sites;
  if (flags.host !== undefined) input.host = flags.host;
  if (flags.issuerPort !== undefined) input.issuerPort = flags.issuerPort;
  if (flags.controlPort !== undefined) input.controlPort = flags.controlPort;
  if (flags.vaultPort !== undefined) input.vaultPort = flags.vaultPort;
  if (flags.mytokenPort !== undefined) input.mytokenPort = flags.mytokenPort;
  if (flags.appliancesPort !== undefined) input.appliancesPort = flags.appliancesPort;
  if (flags.sitesPort !== undefined) input.sitesPort = flags.sitesPort;
  if (flags.buildDelay !== undefined) input.buildDelayMs = flags.buildDelay;
  if (flags.insecureHttp) input.insecureHttp = true;
  const withHub = flags.hub !== false;
  const fromEnv = withHub ? hubSettingsFromEnv(env) : {};

  const started = Date.now();
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(input);
  } catch (error) {
    if (error instanceof ZodError) throw new Error(`bad option:\n${describeOptionIssues(error)}`);
    throw error;
  }
  if (flags.historyMonths) {
    try {
      const history = await seedUsageHistory(sandbox, { months: flags.historyMonths });
      if (history.seeded) {
        log(
          `seeded ${history.months} months of past use: ${history.booted} VMs booted, ${history.deleted} deleted`,
        );
      }
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
  }
  let federation: Federation | undefined;
  if (withHub) {
    try {
      // Loaded only when wanted: --no-hub starts without the hub's and the agent's code.
      const { startFederation } = await import('../federation.js');
      federation = await startFederation(sandbox, {
        hubPort: flags.hubPort ?? fromEnv.hubPort ?? DEFAULT_HUB_PORT,
        agentIntervalSeconds:
          flags.agentInterval ?? fromEnv.agentInterval ?? DEFAULT_AGENT_INTERVAL_SECONDS,
        accountingIntervalSeconds:
          flags.accountingInterval ??
          fromEnv.accountingInterval ??
          DEFAULT_ACCOUNTING_INTERVAL_SECONDS,
        imagesIntervalSeconds:
          flags.imagesInterval ?? fromEnv.imagesInterval ?? DEFAULT_IMAGES_INTERVAL_SECONDS,
        log,
      });
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
  }
  let stopping: Promise<void> | undefined;
  return {
    sandbox,
    ...(federation ? { federation } : {}),
    ms: Date.now() - started,
    stop() {
      stopping ??= (async () => {
        await federation?.stop();
        await sandbox.stop();
      })();
      return stopping;
    },
  };
}

export async function runStart(dataDir: string, flags: StartFlags): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = await startAll(dataDir, flags, process.env, log);
  // For `fedcloud-sandbox env`: where this run's hub listens (absent with --no-hub).
  await writeFile(
    join(dataDir, 'federation.json'),
    `${JSON.stringify(started.federation ? { hub: started.federation.hubUrl } : {})}\n`,
    { mode: 0o600 },
  );
  const stop = async (signal: string) => {
    process.stderr.write(
      `\n${signal}: stopping the ${started.federation ? 'agents, the hub and the ' : ''}sandbox…\n`,
    );
    await started.stop();
    process.stderr.write('stopped.\n');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  for (const [index, cycle] of (started.federation?.firstCycles ?? []).entries()) {
    if (!cycle.ok) {
      const site = started.sandbox.sites[index]?.name ?? cycle.siteName ?? '?';
      log(
        `warning: the agent of ${site} could not publish: ${cycle.error?.message ?? 'unknown error'}`,
      );
    }
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(readyInfo(started.sandbox, started.federation))}\n`);
    return;
  }
  process.stdout.write(describe(started.sandbox, started.federation, started.ms));
}

export function readyInfo(sandbox: Sandbox, federation?: Federation) {
  return {
    ready: true,
    issuer: sandbox.issuerUrl,
    control: sandbox.controlUrl,
    vault: sandbox.vaultUrl,
    mytoken: sandbox.mytokenUrl,
    appliances: sandbox.appliancesUrl,
    ...(federation
      ? {
          hub: federation.hubUrl,
          dashboard: federation.dashboardUrl,
          env: { FEDCLOUD_HUB: federation.hubUrl },
          ...(federation.imageList ? { imageList: federation.imageList } : {}),
        }
      : {}),
    sites: sandbox.sites.map((s) => ({
      name: s.name,
      url: s.identityUrl,
      vos: s.vos.map((v) => v.vo),
    })),
    files: sandbox.files,
    users: sandbox.users,
  };
}

function describe(sandbox: Sandbox, federation: Federation | undefined, ms: number): string {
  const { files } = sandbox;
  const out: string[] = [];
  out.push(`OIDC issuer   ${sandbox.issuerUrl}`);
  out.push(`Vault         ${sandbox.vaultUrl}  (EGI's secret store: JWT login, KV v1 at secrets/)`);
  out.push(`mytoken       ${sandbox.mytokenUrl}  (\`fedcloud-sandbox mytoken <user>\` gives one)`);
  out.push(`Appliances    ${sandbox.appliancesUrl}/images/  (the images the VOs' lists point at)`);
  if (federation) {
    out.push(
      `Hub           ${federation.hubUrl}  (cloud-info /sites/, GOCDB /gocdbpi/public/, API /api/v1)`,
    );
    out.push(`Dashboard     ${federation.dashboardUrl}`);
  }
  out.push('');
  out.push('Sites (Keystone v3 URL, VOs):');
  for (const site of sandbox.sites) {
    out.push(
      `  ${site.name.padEnd(17)} ${site.identityUrl}  ${site.vos.map((v) => `${v.vo} (${v.projectName})`).join(', ')}`,
    );
  }
  if (federation) {
    out.push(
      `  each registered in the hub; its agent publishes the site's information every ${
        federation.agentIntervalSeconds
      } s`,
    );
    if (federation.accountingIntervalSeconds > 0) {
      out.push(
        `  and extracts and sends its accounting every ${federation.accountingIntervalSeconds} s (${federation.dashboardUrl}accounting)`,
      );
    }
    const list: FederationImageList | undefined = federation.imageList;
    if (list) {
      out.push(
        `  and syncs ${list.vo}'s image list (${list.images} images, version ${list.version}) into its Glance every ${federation.imagesIntervalSeconds} s`,
      );
    }
  }
  out.push('');
  out.push('Users (passwords in users.json):');
  for (const user of sandbox.users) {
    out.push(`  ${user.username.padEnd(6)} ${user.vos.length ? user.vos.join(', ') : '(no VO)'}`);
  }
  out.push('');
  out.push(`Data folder   ${files.dataDir}`);
  if (files.caFile) out.push(`CA to trust   ${files.caFile}  (directory: ${files.caDir})`);
  out.push(`Sites YAML    ${files.sitesDir}`);
  out.push(`clouds.yaml   ${files.cloudsYaml}`);
  out.push('');
  out.push('Try (in another shell):');
  out.push(
    `  eval "$(npx fedcloud-sandbox env)"     # ${federation ? 'FEDCLOUD_HUB' : 'FEDCLOUD_SITE_CONFIG_DIR'}, the CA for fedcloud, Python and openstack, alice's token`,
  );
  out.push('  npx fedcloud site list --vo training.egi.eu');
  out.push(
    `  OS_CLIENT_CONFIG_FILE=${files.cloudsYaml} openstack --os-cloud ${sandbox.sites[0]?.name.toLowerCase()}-admin server list`,
  );
  out.push('');
  const urls = [
    `issuer=${sandbox.issuerUrl}`,
    `control=${sandbox.controlUrl}`,
    `vault=${sandbox.vaultUrl}`,
    `mytoken=${sandbox.mytokenUrl}`,
    ...(federation ? [`hub=${federation.hubUrl}`] : []),
    ...sandbox.sites.map((s) => `${s.name}=${s.identityUrl}`),
  ];
  out.push(`fedcloud sandbox ready in ${ms} ms: ${urls.join(' ')}`);
  return `${out.join('\n')}\n`;
}
