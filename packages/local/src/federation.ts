import { join } from 'node:path';
import {
  parseAccountingConfig,
  startAccountingAgent,
  startInfoAgent,
  trustContext,
  type AccountingAgent,
  type AccountingSummary,
  type CycleResult,
  type InfoAgent,
} from '@fedcloud/agent';
import { startHub, type RunningHub } from '@fedcloud/hub';
import { fanOut, transportFetch } from '@fedcloud/sdk';
import { Agent } from 'undici';
import {
  DEFAULT_ACCOUNTING_INTERVAL_SECONDS,
  DEFAULT_AGENT_INTERVAL_SECONDS,
  DEFAULT_HUB_PORT,
} from './federation-defaults.js';
import { clientCredentialsToken, hubAdminApi } from './federation-hub-api.js';
import { desiredSite, planRegistration, type RegistrationStep } from './federation-plan.js';
import type { Sandbox } from '@fedcloud/sandbox';

export { DEFAULT_AGENT_INTERVAL_SECONDS, DEFAULT_HUB_PORT };

const REGISTRATION_CONCURRENCY = 8;
const AGENT_CONNECTIONS_PER_ORIGIN = 4;
/** The first accounting runs start this long after the federation is ready, spread over as long. */
const FIRST_ACCOUNTING_AFTER_SECONDS = 2;
const FIRST_ACCOUNTING_SPREAD_SECONDS = 20;

export interface FederationOptions {
  /** Defaults to the sandbox's host. */
  host?: string;
  /** 0 picks a free port. Default 7400. */
  hubPort?: number;
  /** Time between two publications of one site's information. Default 60 s. */
  agentIntervalSeconds?: number;
  /**
   * Time between two accounting runs (extract, then send) of one site's agent; 0: no accounting
   * agents. Default 120 s. The first runs start a few seconds after the federation is ready.
   */
  accountingIntervalSeconds?: number;
  /** SQLite file (or postgres:// URL). Default <data folder>/hub.db. */
  database?: string;
  /** The built dashboard's folder; false serves none. Default the hub's own. */
  dashboardDir?: string | false;
  /** One line per event worth knowing (an agent cycle that failed). Never a secret. */
  log?: (line: string) => void;
}

export interface FederationAgent {
  site: string;
  /** Runs one information cycle now (after the one under way, if any); it never throws. */
  runNow(): Promise<CycleResult>;
  /** Runs one accounting extraction and send now; undefined when accounting is off. */
  runAccountingNow(): Promise<AccountingSummary | undefined>;
}

export interface Federation {
  hub: RunningHub;
  hubUrl: string;
  dashboardUrl: string;
  agentIntervalSeconds: number;
  /** 0 when the agents do no accounting. */
  accountingIntervalSeconds: number;
  agents: FederationAgent[];
  agent(site: string): FederationAgent;
  /** What registration changed on the hub (nothing on a restart where nothing moved). */
  registration: RegistrationStep[];
  /** Each agent's first cycle, in the order of the sandbox's sites. */
  firstCycles: CycleResult[];
  stop(): Promise<void>;
}

/**
 * Puts a hub in front of a running sandbox, as a real federation has one: the hub (its database
 * in the sandbox's data folder, trusting the sandbox issuer, the sandbox's hub admin client as
 * its administrator), every site registered in it with its endpoints, each site's agent allowed
 * to publish for its site, and one information agent per site whose first cycle has run by the
 * time this resolves. Safe to run again on the same data folder.
 */
export async function startFederation(
  sandbox: Sandbox,
  options: FederationOptions = {},
): Promise<Federation> {
  const log = options.log ?? (() => undefined);
  const hub = await startHub({
    database: options.database ?? join(sandbox.files.dataDir, 'hub.db'),
    issuerUrl: sandbox.issuerUrl,
    host: options.host ?? sandbox.options.host,
    port: options.hubPort ?? DEFAULT_HUB_PORT,
    admins: [sandbox.hubAdminClient.clientId],
    fetch: sandbox.fetch,
    dashboardDir: options.dashboardDir,
    // Host certificates the sandbox CA issues may sign accounting sent as stock ssmsend does.
    ...(sandbox.files.caFile ? { trustedCaFile: sandbox.files.caFile } : {}),
  });
  const running: { site: string; agent: InfoAgent; accounting?: AccountingAgent }[] = [];
  // One trust store for every agent: each building its own from ~150 roots was 4 s of CPU at
  // 100 sites.
  const caFile = sandbox.files.caFile;
  const secureContext = caFile ? trustContext(caFile) : undefined;
  // The agents' own connection pool: a few kept-alive sockets per site (and for the hub), where
  // each burst of parallel calls opened new TLS connections, ~13 a site, the largest cost left.
  const agentDispatcher = new Agent({
    connections: AGENT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: 30_000,
    ...(secureContext ? { connect: { secureContext } } : {}),
  });
  const agentFetch = transportFetch({ dispatcher: agentDispatcher });
  const stopAll = async () => {
    await Promise.allSettled(
      running.flatMap(({ agent, accounting }) =>
        accounting ? [agent.stop(), accounting.stop()] : [agent.stop()],
      ),
    );
    await hub.stop();
    await agentDispatcher.close();
  };

  try {
    const registration = await registerSites(sandbox, hub.url);
    const intervalSeconds = options.agentIntervalSeconds ?? DEFAULT_AGENT_INTERVAL_SECONDS;
    const accountingSeconds =
      options.accountingIntervalSeconds ?? DEFAULT_ACCOUNTING_INTERVAL_SECONDS;
    for (const [index, site] of sandbox.sites.entries()) {
      // The site's one agent identity, for its information and its accounting alike.
      const keystone = {
        username: site.agent.username,
        password: site.agent.password,
        userDomainName: site.agent.userDomainName,
      };
      const hubConnection = {
        url: hub.url,
        issuerUrl: sandbox.issuerUrl,
        clientId: site.agent.clientId,
        clientSecret: site.agent.clientSecret,
      };
      const agent = startInfoAgent({
        siteFile: join(sandbox.files.sitesDir, `${site.name}.yaml`),
        keystone,
        hub: hubConnection,
        fetch: agentFetch,
        ...(caFile ? { caFile, secureContext } : {}),
        stateFile: join(sandbox.files.dataDir, 'agents', `${site.name}.json`),
        intervalSeconds,
        // The first cycle is run below and awaited; the schedule starts after it, each agent a
        // share of the interval later than the last, so publications do not all land at once.
        runImmediately: false,
        scheduleOffsetSeconds: (intervalSeconds * index) / sandbox.sites.length,
        onCycle: (result) => {
          if (!result.ok) {
            const told = result.healthReported ? '; the hub shows the site as failing' : '';
            log(`agent of ${site.name}: ${result.error?.message ?? 'cycle failed'}${told}`);
          }
          for (const share of result.shares.filter((s) => !s.ok)) {
            log(
              `agent of ${site.name}: VO ${share.vo} not read (${share.error}); its last reading was published`,
            );
          }
        },
      });
      const accounting =
        accountingSeconds > 0
          ? startAccountingAgent({
              config: parseAccountingConfig(
                // JSON is YAML: the same checks and defaults as an operator's file.
                JSON.stringify({
                  site_name: site.name,
                  spooldir: join(sandbox.files.dataDir, 'accounting', site.name),
                }),
                `<accounting settings of ${site.name}>`,
              ),
              authUrl: site.identityUrl,
              credentials: keystone,
              hub: hubConnection,
              transport: { fetch: agentFetch },
              fetch: agentFetch,
              intervalSeconds: accountingSeconds,
              firstRunAfterSeconds:
                FIRST_ACCOUNTING_AFTER_SECONDS +
                (FIRST_ACCOUNTING_SPREAD_SECONDS * index) / sandbox.sites.length,
              onRun: (summary) => {
                if (!summary.ok) {
                  const why = summary.error?.message ?? summary.warnings.join('; ');
                  log(`accounting of ${site.name}: ${why || 'run failed'}`);
                }
              },
            })
          : undefined;
      running.push({ site: site.name, agent, ...(accounting ? { accounting } : {}) });
    }
    // The first publications, all sites at once, before anyone is told the federation is ready.
    // A site whose cycle failed is reported (onCycle) but does not stop the others: it is
    // retried on schedule, as a real agent would be.
    const firstCycles = await Promise.all(running.map(({ agent }) => agent.runNow()));

    const agents: FederationAgent[] = running.map(({ site, agent, accounting }) => ({
      site,
      runNow: () => agent.runNow(),
      runAccountingNow: () => accounting?.runNow() ?? Promise.resolve(undefined),
    }));
    let stopped: Promise<void> | undefined;
    return {
      hub,
      hubUrl: hub.url,
      dashboardUrl: `${hub.url}/dashboard/`,
      agentIntervalSeconds: intervalSeconds,
      accountingIntervalSeconds: accountingSeconds,
      agents,
      agent(name) {
        const found = agents.find((agent) => agent.site === name);
        if (!found) throw new Error(`no agent for a site named ${name}`);
        return found;
      },
      registration,
      firstCycles,
      stop() {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Registers every sandbox site, as the hub's administrator; returns the writes it made. */
async function registerSites(sandbox: Sandbox, hubUrl: string): Promise<RegistrationStep[]> {
  const token = await clientCredentialsToken(
    sandbox.fetch,
    sandbox.issuer.tokenEndpoint,
    sandbox.hubAdminClient,
  );
  const api = hubAdminApi(hubUrl, token, sandbox.fetch);
  const grants = await api.grants();
  // Sites are independent of each other, their own steps are not (a site before its endpoints):
  // a few sites at once keep the hub busy while one waits, without a burst of hundreds.
  const perSite = await fanOut(
    sandbox.sites.map((site, index) => ({ site, index })),
    async ({ site, index }) => {
      const desired = desiredSite(index, {
        name: site.name,
        identityUrl: site.identityUrl,
        baseUrl: site.baseUrl,
        agentClientId: site.agent.clientId,
      });
      const steps = planRegistration(desired, await api.site(site.name), grants);
      for (const step of steps) await api.apply(step);
      return steps;
    },
    { concurrency: REGISTRATION_CONCURRENCY, timeoutMs: 0, describe: ({ site }) => site.name },
  );
  const failed = perSite.find((row) => !row.ok);
  if (failed?.error) throw failed.error;
  return perSite.flatMap((row) => row.value ?? []);
}
