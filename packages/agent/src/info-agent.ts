import { openConnection } from './connection.js';
import { isAgentError, reasonOf } from './errors.js';
import { hubTokenSource, type HubConnection } from './publish/publish-site-info.js';
import { publishDocument, reportFailing, type PublishResult } from './publish/publish.js';
import { startScheduler } from './scheduler.js';
import {
  collectFromSite,
  type CollectSiteInfoOptions,
  type ShareSummary,
} from './siteinfo/collect-site-info.js';
import { LastGoodShares } from './siteinfo/last-good.js';
import { readSiteFile } from './siteinfo/read-site-file.js';
import type { GlueDocument } from './siteinfo/types.js';

export interface InfoAgentOptions extends Omit<
  CollectSiteInfoOptions,
  'hubUrl' | 'signal' | 'lastGood'
> {
  /**
   * Where the shares as last read are kept across restarts (0600); in memory only without it.
   * A VO whose project fails is published from its last reading, marked stale.
   */
  stateFile?: string;
  /** Where to publish; without it the agent only collects (see `onCycle`). */
  hub?: HubConnection;
  /** Seconds between the starts of two cycles; none: cycles run only on `runNow()`. */
  intervalSeconds?: number;
  /** Run the first cycle at once (default true when there is an interval). */
  runImmediately?: boolean;
  /**
   * Seconds added once before the first scheduled cycle, to spread agents started together over
   * their interval (the local federation gives each a share of it). Default 0.
   */
  scheduleOffsetSeconds?: number;
  /** Called after every cycle, scheduled or not. */
  onCycle?: (result: CycleResult) => void;
}

/** What one cycle did. A cycle never throws: failures are in `error`. */
export interface CycleResult {
  ok: boolean;
  /** GOCDB name, once the site file could be read. */
  siteName?: string;
  startedAt: string;
  durationMs: number;
  document?: GlueDocument;
  shares: ShareSummary[];
  warnings: string[];
  /** Present when the document reached the hub. */
  published?: PublishResult;
  /** Present when the site could not be read and the hub was told so instead. */
  healthReported?: PublishResult;
  error?: { code: string; message: string };
}

export interface InfoAgent {
  /** Runs a cycle after the current one (cycles never overlap) and resolves with its result. */
  runNow(): Promise<CycleResult>;
  /** Stops the schedule, aborts the running cycle and releases connections. */
  stop(): Promise<void>;
}

/**
 * The information provider of one site: every cycle re-reads the site file, collects each VO's
 * project, builds the GLUE 2.1 document and, with a hub, publishes it. The hub token is cached
 * across cycles until shortly before it expires. Keeps a timer while it has an interval: call
 * `stop()` when done.
 * @throws AgentError USAGE when the CA file cannot be read (everything else is in CycleResult)
 */
export function startInfoAgent(options: InfoAgentOptions): InfoAgent {
  const connection = openConnection(options);
  const tokens = options.hub ? hubTokenSource(options.hub, connection.fetch) : undefined;
  const lastGood = new LastGoodShares(options.stateFile);
  const log = options.log ?? (() => undefined);

  const cycle = async (signal: AbortSignal): Promise<CycleResult> => {
    const started = Date.now();
    const result: CycleResult = {
      ok: false,
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
      shares: [],
      warnings: [],
    };
    let collected = false;
    try {
      // Read at every cycle, so the operator's edits (a new VO) apply without a restart.
      const site = await readSiteFile(options.siteFile);
      result.siteName = site.name;
      const info = await collectFromSite(connection, site, {
        ...options,
        ...(options.hub ? { hubUrl: options.hub.url } : {}),
        lastGood,
        signal,
      });
      collected = true;
      for (const share of info.shares) {
        if (!share.ok) {
          log(
            `${info.siteName}: VO ${share.vo} not read (${share.error}); published as read ${share.keptFrom ?? 'never'}`,
          );
        }
      }
      Object.assign(result, {
        siteName: info.siteName,
        document: info.document,
        shares: info.shares,
        warnings: info.warnings,
      });
      if (options.hub && tokens) {
        result.published = await publishDocument({
          hubUrl: options.hub.url,
          siteName: info.siteName,
          document: info.document,
          tokens,
          fetch: connection.fetch,
          ...(options.hub.retry ? { retry: options.hub.retry } : {}),
          signal,
          ...(options.log ? { log: options.log } : {}),
        });
      }
      result.ok = true;
    } catch (error) {
      result.error = {
        code: isAgentError(error) ? error.code : 'INTERNAL',
        message: reasonOf(error),
      };
      // Nothing that failed to be read is published: the hub keeps the last good document and
      // is told why this cycle had none. A site file that cannot be read names no site.
      if (!collected && result.siteName && options.hub && tokens && !signal.aborted) {
        log(
          `${result.siteName}: cannot read the site, reporting it to the hub: ${result.error.message}`,
        );
        try {
          result.healthReported = await reportFailing({
            hubUrl: options.hub.url,
            siteName: result.siteName,
            reason: result.error.message,
            tokens,
            fetch: connection.fetch,
            ...(options.hub.retry ? { retry: options.hub.retry } : {}),
            signal,
            log,
          });
        } catch (reportError) {
          log(`${result.siteName}: the hub was not told either: ${reasonOf(reportError)}`);
        }
      }
    }
    result.durationMs = Date.now() - started;
    options.onCycle?.(result);
    return result;
  };

  const scheduler = startScheduler(cycle, {
    ...(options.intervalSeconds ? { intervalMs: options.intervalSeconds * 1000 } : {}),
    runImmediately: options.runImmediately,
    offsetMs: (options.scheduleOffsetSeconds ?? 0) * 1000,
  });

  let stopping: Promise<void> | undefined;
  return {
    runNow: () => scheduler.runNow(),
    stop() {
      stopping ??= scheduler.stop().then(() => connection.close());
      return stopping;
    },
  };
}
