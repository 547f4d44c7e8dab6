import type { Transport } from '@fedcloud/openstack';
import {
  renderAcceleratorMessages,
  renderCloudMessages,
  renderIpMessages,
} from '@fedcloud/sdk/accounting';
import { isAgentError, reasonOf } from '../errors.js';
import { hubTokenSource, type HubConnection } from '../publish/publish-site-info.js';
import type { KeystoneCredentials } from '../siteinfo/collect.js';
import { VERSION } from '../version.js';
import { RunCatalogue, UserNames } from './catalogue.js';
import type { AccountingConfig, RecordType } from './config.js';
import type { CrashHook } from './crash-points.js';
import { ensurePrivateDir } from './durable-file.js';
import { extractProject, type Window } from './extract-project.js';
import { siteAccess } from './keystone-access.js';
import { selectProjects, type AccountedProject } from './select-projects.js';
import { sendSpool, type SendSummary } from './sender.js';
import { acquireSpoolLock } from './spool-lock.js';
import { Spool, spoolExists } from './spool.js';
import { SsmQueue } from './ssm-queue.js';

export type AccountingMode = 'all' | 'extract' | 'send';

export interface AccountingRunOptions {
  config: AccountingConfig;
  /** Keystone (v3) of the site. */
  authUrl: string;
  credentials: KeystoneCredentials;
  /** Where to send; without it messages only go to the SSM queue (or nowhere in a dry run). */
  hub?: HubConnection;
  transport: Transport;
  /** For the hub and its issuer. */
  fetch: typeof fetch;
  mode?: AccountingMode;
  /** Extract and show, write nothing (no spool, no marks, no queue), send nothing. */
  dryRun?: boolean;
  extractFrom?: Date;
  extractTo?: Date;
  now?: () => Date;
  /** Progress lines (never secrets). */
  log?: (line: string) => void;
  crash?: CrashHook;
  signal?: AbortSignal;
  /** For tests: the sender's wait between tries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface RecordCounts {
  cloud: number;
  ip: number;
  accelerator: number;
}

interface ProjectSummary {
  id: string;
  name?: string;
  vo?: string;
  from?: string;
  to?: string;
  servers: number;
  records: RecordCounts;
  /** Messages made durable (spooled for the hub, or queued for SSM). */
  messages: number;
  ok: boolean;
  /** Why the project was not extracted (its mark left where it was). */
  error?: string;
  /** Set when there was nothing to do (the window is empty) or no VO to account it under. */
  skipped?: string;
}

export interface AccountingSummary {
  ok: boolean;
  siteName: string;
  startedAt: string;
  durationMs: number;
  dryRun: boolean;
  projects: ProjectSummary[];
  totals: {
    projects: number;
    servers: number;
    records: RecordCounts;
    /** Messages written to the agent's spool for the hub. */
    spooled: number;
    /** Messages written to SSM's outgoing queue. */
    ssmQueued: number;
  };
  send?: SendSummary;
  warnings: string[];
  error?: { code: string; message: string };
  /** A dry run's messages, as they would be spooled or queued. */
  messages?: string[];
}

const EPOCH = new Date('1970-01-01T00:00:00Z');

/**
 * One accounting run of a site: under the spool lock, extract each accounted project's window,
 * make its messages durable (spool for the hub, SSM's queue), only then move its last-run mark;
 * then send the spool to the hub. A crash at any point loses nothing: messages not yet durable
 * are extracted again from the unmoved mark, durable ones are sent by the next run. Never throws
 * for a site or hub failure: those are in the summary.
 */
export async function runAccounting(options: AccountingRunOptions): Promise<AccountingSummary> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const mode = options.mode ?? 'all';
  const dryRun = options.dryRun === true;
  const { config } = options;
  const log = options.log ?? (() => undefined);
  const summary: AccountingSummary = {
    ok: true,
    siteName: config.siteName,
    startedAt: started.toISOString(),
    durationMs: 0,
    dryRun,
    projects: [],
    totals: {
      projects: 0,
      servers: 0,
      records: { cloud: 0, ip: 0, accelerator: 0 },
      spooled: 0,
      ssmQueued: 0,
    },
    warnings: [],
    ...(dryRun ? { messages: [] } : {}),
  };
  const warn = (line: string): void => {
    summary.warnings.push(line);
    log(`warning: ${line}`);
  };

  const spool = new Spool(config.spooldir);
  let release: (() => Promise<void>) | undefined;
  try {
    if (!dryRun) {
      await ensurePrivateDir(config.spooldir);
      const locked = await acquireSpoolLock(config.spooldir, now());
      if (!locked.ok) {
        summary.ok = false;
        summary.error = { code: 'SPOOL_LOCKED', message: locked.reason };
        return summary;
      }
      release = () => locked.lock.release();
      if (locked.staleRemoved) {
        log(
          `removed the stale lock of pid ${locked.staleRemoved.pid} (since ${locked.staleRemoved.since}), which no longer runs`,
        );
      }
      await spool.open();
    }
    if (mode !== 'send') await extract(options, spool, summary, warn, now);
    if (mode !== 'extract' && !dryRun && options.hub) {
      const send = await sendSpool({
        spool,
        hubUrl: options.hub.url,
        siteName: config.siteName,
        tokens: hubTokenSource(options.hub, options.fetch),
        fetch: options.fetch,
        ...(options.hub.retry ? { retry: options.hub.retry } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        log,
        ...(options.crash ? { crash: options.crash } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
      summary.send = send;
      if (send.stopped) {
        summary.ok = false;
        warn(`sending stopped, ${send.pending} messages wait for the next run: ${send.stopped}`);
      }
    }
  } catch (error) {
    options.signal?.throwIfAborted();
    summary.ok = false;
    summary.error = {
      code: isAgentError(error) ? error.code : 'ACCOUNTING_FAILED',
      message: reasonOf(error),
    };
  } finally {
    await release?.();
    summary.durationMs = now().getTime() - started.getTime();
  }
  return summary;
}

async function extract(
  options: AccountingRunOptions,
  spool: Spool,
  summary: AccountingSummary,
  warn: (line: string) => void,
  now: () => Date,
): Promise<void> {
  const { config } = options;
  const dryRun = options.dryRun === true;
  const log = options.log ?? (() => undefined);
  const ssm = config.ssmOutputPath && !dryRun ? new SsmQueue(config.ssmOutputPath) : undefined;
  const toHub = options.hub !== undefined && !dryRun;
  // The hub keeps cloud records only (as the APEL server, it has no loader for the JSON types):
  // IP and accelerator records are made for SSM's queue and for a dry run.
  const recordTypes = new Set<RecordType>(
    config.recordTypes.filter((type) => type === 'cloud' || ssm !== undefined || dryRun),
  );
  recordTypes.add('cloud');

  const access = siteAccess({
    authUrl: options.authUrl,
    credentials: options.credentials,
    transport: options.transport,
    ...(config.regionName ? { regionName: config.regionName } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const selection = await selectProjects(config, access, warn, options.signal);
  for (const skipped of selection.skipped) {
    warn(`project ${skipped.id} not accounted: ${skipped.reason}`);
    summary.projects.push({
      id: skipped.id,
      servers: 0,
      records: { cloud: 0, ip: 0, accelerator: 0 },
      messages: 0,
      ok: true,
      skipped: skipped.reason,
    });
  }
  if (selection.projects.length === 0) {
    warn(
      `no project to account: list them under "projects" in ${config.file}, or tag them "${config.casoTag ?? 'caso'}" in Keystone, each with its ${config.voProperty} property`,
    );
  }
  const catalogue = new RunCatalogue();
  const users = new UserNames(access, warn);
  const cloudType = `fedcloud-agent/${VERSION} (OpenStack)`;

  for (const project of selection.projects) {
    const result: ProjectSummary = {
      id: project.id,
      ...(project.name ? { name: project.name } : {}),
      vo: project.vo,
      servers: 0,
      records: { cloud: 0, ip: 0, accelerator: 0 },
      messages: 0,
      ok: true,
    };
    summary.projects.push(result);
    try {
      const window = await windowOf(options, spool, project, now(), warn, dryRun);
      result.from = window.from.toISOString();
      result.to = window.to.toISOString();
      if (window.from.getTime() > window.to.getTime()) {
        result.skipped = `nothing to extract: the last run reached ${result.from}`;
        log(`project ${project.id} (${project.vo}): ${result.skipped}`);
        continue;
      }
      const client = await access.project(project.id);
      await catalogue.load(client, options.signal);
      const records = await extractProject(client, project, window, {
        siteName: config.siteName,
        serviceName: config.serviceName,
        cloudType,
        recordTypes,
        catalogue,
        users,
        warn,
        now,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      result.servers = records.servers;
      result.records = {
        cloud: records.cloud.length,
        ip: records.ip.length,
        accelerator: records.accelerator.length,
      };
      options.crash?.('after-extract');

      const max = config.maxRecordsPerMessage;
      const cloudMessages = renderCloudMessages(records.cloud, max);
      const otherMessages = [
        ...renderIpMessages(records.ip, max),
        ...renderAcceleratorMessages(records.accelerator, max),
      ];
      if (dryRun) {
        summary.messages?.push(...cloudMessages, ...otherMessages);
      } else {
        for (const message of cloudMessages) {
          if (toHub) {
            await spool.add(message, {
              now: now(),
              midWrite: () => options.crash?.('spool-write'),
            });
            summary.totals.spooled += 1;
            result.messages += 1;
          }
          if (ssm) await queue(ssm, message, options, summary, result, toHub);
        }
        if (ssm) {
          for (const message of otherMessages) {
            await queue(ssm, message, options, summary, result, false);
          }
        }
        options.crash?.('after-spool');
        // Only now that its messages are durable does the project's window move on.
        await moveMark(spool, project.id, window.to);
      }
      log(
        `project ${project.id} (${project.vo}): ${window.from.toISOString()} → ${window.to.toISOString()}: ${records.servers} servers, ${records.cloud.length} cloud records${
          records.ip.length || records.accelerator.length
            ? `, ${records.ip.length} IP, ${records.accelerator.length} accelerator`
            : ''
        }${dryRun ? ' (dry run: nothing written)' : `, ${result.messages} messages written`}`,
      );
    } catch (error) {
      options.signal?.throwIfAborted();
      result.ok = false;
      result.error = reasonOf(error);
      summary.ok = false;
      log(
        `project ${project.id} (${project.vo}) failed, its window stays for the next run: ${result.error}`,
      );
    }
    summary.totals.servers += result.servers;
    summary.totals.records.cloud += result.records.cloud;
    summary.totals.records.ip += result.records.ip;
    summary.totals.records.accelerator += result.records.accelerator;
  }
  summary.totals.projects = selection.projects.length;
}

async function queue(
  ssm: SsmQueue,
  message: string,
  options: AccountingRunOptions,
  summary: AccountingSummary,
  result: ProjectSummary,
  counted: boolean,
): Promise<void> {
  await ssm.add(message, { midWrite: () => options.crash?.('ssm-write') });
  summary.totals.ssmQueued += 1;
  if (!counted) result.messages += 1;
}

/**
 * cASO's window: from the project's last-run mark (or --extract-from, or 1970), to now (or
 * --extract-to, never later than now).
 */
async function windowOf(
  options: AccountingRunOptions,
  spool: Spool,
  project: AccountedProject,
  now: Date,
  warn: (line: string) => void,
  dryRun: boolean,
): Promise<Window> {
  let to = options.extractTo ?? now;
  if (to.getTime() > now.getTime()) {
    warn(
      `--extract-to ${to.toISOString()} is in the future: extracting up to now (${now.toISOString()})`,
    );
    to = now;
  }
  if (options.extractFrom) return { from: options.extractFrom, to };
  const readable = !dryRun || (await spoolExists(spool.dir));
  const mark = readable ? await spool.readMark(project.id) : undefined;
  if (mark === 'invalid') {
    warn(
      `the last-run mark of project ${project.id} is not a time: extracting from 1970 (records already sent are replaced, not counted twice)`,
    );
    return { from: EPOCH, to };
  }
  return { from: mark ?? EPOCH, to };
}

/** cASO's lastrun: the window's end + 1 s; a republication of an older window never moves it back. */
async function moveMark(spool: Spool, project: string, to: Date): Promise<void> {
  const next = new Date(to.getTime() + 1000);
  const current = await spool.readMark(project);
  if (current instanceof Date && current.getTime() >= next.getTime()) return;
  await spool.writeMark(project, next);
}
