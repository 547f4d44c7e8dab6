import { join } from 'node:path';
import {
  parseAccountingConfig,
  startAccountingAgent,
  startImagesAgent,
  startInfoAgent,
  trustContext,
  type AccountingAgent,
  type AccountingSummary,
  type CycleResult,
  type ImagesAgent,
  type ImagesSummary,
  type InfoAgent,
} from '@fedcloud/agent';
import { startHub, type RunningHub } from '@fedcloud/hub';
import { fanOut, transportFetch } from '@fedcloud/sdk';
import { renderImageList } from '@fedcloud/sdk/image-list';
import { Agent } from 'undici';
import {
  DEFAULT_ACCOUNTING_INTERVAL_SECONDS,
  DEFAULT_AGENT_INTERVAL_SECONDS,
  DEFAULT_HUB_PORT,
  DEFAULT_IMAGES_INTERVAL_SECONDS,
} from './federation-defaults.js';
import { clientCredentialsToken, hubAdminApi, type HubAdminApi } from './federation-hub-api.js';
import {
  IMAGES_VO,
  listNeedsPublishing,
  sandboxEndorser,
  sandboxImageList,
  sandboxImagesConfig,
  type Endorsement,
} from './federation-images.js';
import { desiredSite, planRegistration, type RegistrationStep } from './federation-plan.js';
import type { Sandbox } from '@fedcloud/sandbox';

export { DEFAULT_AGENT_INTERVAL_SECONDS, DEFAULT_HUB_PORT };

const REGISTRATION_CONCURRENCY = 8;
const AGENT_CONNECTIONS_PER_ORIGIN = 4;
/** The first accounting runs start this long after the federation is ready, spread over as long. */
const FIRST_ACCOUNTING_AFTER_SECONDS = 2;
const FIRST_ACCOUNTING_SPREAD_SECONDS = 20;
/** The first image syncs start this long after the federation is ready, spread over as long. */
const FIRST_IMAGES_AFTER_SECONDS = 1;
const FIRST_IMAGES_SPREAD_SECONDS = 10;

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
  /**
   * Time between two image syncs of one site's agent; 0: no image list and no syncs. Default
   * 3600 s. The VO manager's list is published before the federation is ready; the first syncs
   * start a second after it, and each site publishes its information again once its sync
   * changed Glance, so the hub lists the new images at once.
   */
  imagesIntervalSeconds?: number;
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
  /**
   * Runs one image sync now (then one information cycle when it changed Glance); undefined when
   * image sync is off.
   */
  runImagesNow(): Promise<ImagesSummary | undefined>;
}

/** The VO image list the sandbox's VO manager keeps published on the hub. */
export interface FederationImageList {
  vo: string;
  url: string;
  version: string;
  images: number;
  /** Whether this start published it (false: the hub's list was already the one wanted). */
  published: boolean;
}

export interface Federation {
  hub: RunningHub;
  hubUrl: string;
  dashboardUrl: string;
  agentIntervalSeconds: number;
  /** 0 when the agents do no accounting. */
  accountingIntervalSeconds: number;
  /** 0 when the agents sync no images. */
  imagesIntervalSeconds: number;
  /** Absent when image sync is off (or the sandbox has no CA, with insecure HTTP). */
  imageList?: FederationImageList;
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
  const running: {
    site: string;
    agent: InfoAgent;
    accounting?: AccountingAgent;
    images?: ImagesAgent;
  }[] = [];
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
      running.flatMap(({ agent, accounting, images }) => [
        agent.stop(),
        ...(accounting ? [accounting.stop()] : []),
        ...(images ? [images.stop()] : []),
      ]),
    );
    await hub.stop();
    await agentDispatcher.close();
  };

  try {
    const token = await clientCredentialsToken(
      sandbox.fetch,
      sandbox.issuer.tokenEndpoint,
      sandbox.hubAdminClient,
    );
    const api = hubAdminApi(hub.url, token, sandbox.fetch);
    const registration = await registerSites(sandbox, api);
    const imagesSeconds = options.imagesIntervalSeconds ?? DEFAULT_IMAGES_INTERVAL_SECONDS;
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

    // The VOs are known to the hub once the sites published them: the list goes in after.
    const imageList = imagesSeconds > 0 ? await publishImageList(sandbox, hub.url, api) : undefined;
    if (imageList) {
      for (const [index, entry] of running.entries()) {
        const site = sandbox.sites[index]!;
        const { agent } = entry;
        entry.images = startImagesAgent({
          config: sandboxImagesConfig({
            site,
            sandbox,
            listUrl: imageList.url,
            endorsement: imageList.endorsement,
          }),
          authUrl: site.identityUrl,
          credentials: {
            username: site.agent.username,
            password: site.agent.password,
            userDomainName: site.agent.userDomainName,
          },
          transport: { fetch: agentFetch },
          fetch: agentFetch,
          intervalSeconds: imagesSeconds,
          firstRunAfterSeconds:
            FIRST_IMAGES_AFTER_SECONDS + (FIRST_IMAGES_SPREAD_SECONDS * index) / running.length,
          // Per-image progress would be a line per image per site: the summary says enough.
          log: () => undefined,
          onError: (error) =>
            log(
              `image sync of ${site.name} failed: ${error instanceof Error ? error.message : String(error)}`,
            ),
          onRun: (summary) => {
            for (const line of imageSyncLines(summary)) log(`image sync of ${site.name}: ${line}`);
            // The hub learns of new and retired images from the site's information.
            if (changedGlance(summary)) void agent.runNow();
          },
        });
      }
    }

    const agents: FederationAgent[] = running.map(({ site, agent, accounting, images }) => ({
      site,
      runNow: () => agent.runNow(),
      runAccountingNow: () => accounting?.runNow() ?? Promise.resolve(undefined),
      async runImagesNow() {
        if (!images) return undefined;
        const summary = await images.runNow();
        if (changedGlance(summary)) await agent.runNow();
        return summary;
      },
    }));
    let stopped: Promise<void> | undefined;
    return {
      hub,
      hubUrl: hub.url,
      dashboardUrl: `${hub.url}/dashboard/`,
      agentIntervalSeconds: intervalSeconds,
      accountingIntervalSeconds: accountingSeconds,
      imagesIntervalSeconds: imageList ? imagesSeconds : 0,
      ...(imageList
        ? {
            imageList: {
              vo: imageList.vo,
              url: imageList.url,
              version: imageList.version,
              images: imageList.images,
              published: imageList.published,
            },
          }
        : {}),
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

/** One line per subscription that did something or failed; nothing when all was in place. */
function imageSyncLines(summary: ImagesSummary): string[] {
  return summary.subscriptions.flatMap((s) => {
    if (s.reason) return [`${s.name}: ${s.reason}`];
    const done = [
      s.uploaded.length ? `${s.uploaded.length} uploaded` : '',
      s.retired.length ? `${s.retired.length} retired` : '',
    ].filter(Boolean);
    const failed = s.failed.map((f) => `${s.name}: ${f.title ?? f.identifier}: ${f.reason}`);
    return [...(done.length ? [`${s.name}: ${done.join(', ')}`] : []), ...failed];
  });
}

function changedGlance(summary: ImagesSummary): boolean {
  return summary.subscriptions.some((s) => s.uploaded.length > 0 || s.retired.length > 0);
}

/**
 * What the VO manager does once (`fedcloud image-list create|add|sign|publish`): the list of the
 * sandbox's appliances, signed by the sandbox endorser and published on the hub, unless the hub's
 * list already is that list. Undefined when the sandbox has no endorser (insecure HTTP).
 */
async function publishImageList(
  sandbox: Sandbox,
  hubUrl: string,
  api: HubAdminApi,
): Promise<(FederationImageList & { endorsement: Endorsement }) | undefined> {
  const endorser = await sandboxEndorser(sandbox);
  if (!endorser) return undefined;
  const url = `${hubUrl}/api/v1/vos/${IMAGES_VO}/image-list`;
  const now = new Date();
  const desired = sandboxImageList({
    vo: IMAGES_VO,
    listUrl: url,
    appliancesUrl: sandbox.appliancesUrl,
    appliances: sandbox.appliances,
    endorser: endorser.endorsement,
    now,
  });
  await api.ensureVo({
    name: IMAGES_VO,
    description: 'The VO every sandbox site supports; its manager endorses the image list',
    homepage: 'https://docs.egi.eu/users/',
  });
  const current = await api.imageList(IMAGES_VO);
  const publish = listNeedsPublishing(current, desired, now);
  if (publish) {
    await api.publishImageList(IMAGES_VO, endorser.sign(renderImageList(desired)));
  }
  const list = publish || !current ? desired : current;
  return {
    vo: IMAGES_VO,
    url,
    version: list['hv:version'],
    images: list['hv:images'].length,
    published: publish,
    endorsement: endorser.endorsement,
  };
}

/** Registers every sandbox site, as the hub's administrator; returns the writes it made. */
async function registerSites(sandbox: Sandbox, api: HubAdminApi): Promise<RegistrationStep[]> {
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
