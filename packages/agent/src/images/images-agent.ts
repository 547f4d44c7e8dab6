import { reasonOf } from '../errors.js';
import { startScheduler } from '../scheduler.js';
import { runImageSync, type ImagesRunOptions, type ImagesSummary } from './run-images.js';

export interface ImagesAgentOptions extends Omit<ImagesRunOptions, 'signal' | 'dryRun' | 'only'> {
  /** Time from the start of one sync to the start of the next (atrope: every 4–12 hours). */
  intervalSeconds: number;
  /** The wait before the first sync (default: one interval). */
  firstRunAfterSeconds?: number;
  /** Called after every sync, scheduled or not. */
  onRun?: (summary: ImagesSummary) => void;
  /** A scheduled sync that threw (its state folder locked, no trust anchors…); default: `log`. */
  onError?: (error: unknown) => void;
}

export interface ImagesAgent {
  /** Syncs every subscription now (after the sync under way, if any); rejects as runImageSync. */
  runNow(): Promise<ImagesSummary>;
  /** No more syncs; aborts the one under way, whose upload is then removed or resumed later. */
  stop(): Promise<void>;
}

/**
 * `fedcloud-agent images` from cron, as one long-running schedule: every interval, one sync of
 * every subscription, never two at once (the state folder's lock would refuse it anyway).
 */
export function startImagesAgent(options: ImagesAgentOptions): ImagesAgent {
  const { intervalSeconds, firstRunAfterSeconds, onRun, onError, ...runOptions } = options;
  const scheduler = startScheduler(
    async (signal) => {
      const summary = await runImageSync({ ...runOptions, signal });
      onRun?.(summary);
      return summary;
    },
    {
      intervalMs: intervalSeconds * 1000,
      runImmediately: false,
      ...(firstRunAfterSeconds === undefined ? {} : { firstDelayMs: firstRunAfterSeconds * 1000 }),
      onError: onError ?? ((error) => runOptions.log(`image sync failed: ${reasonOf(error)}`)),
    },
  );
  return { runNow: () => scheduler.runNow(), stop: () => scheduler.stop() };
}
