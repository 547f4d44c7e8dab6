import { resolve } from 'node:path';
import { createTransport } from '@fedcloud/sdk';
import { resolveCredentials } from '../cli/credentials.js';
import type { CliIo } from '../cli/io.js';
import { authUrlOf, credentialFlagsOf } from '../cli/site-login.js';
import { openConnection } from '../connection.js';
import type { ImageProgress } from './apply-image.js';
import { readImagesConfig } from './config.js';
import { IMAGE_CRASH_ENV, imageCrashHookFromEnv } from './crash-points.js';
import { runImageSync, type ImagesSummary } from './run-images.js';

export interface ImagesFlags {
  config: string;
  subscription?: string;
  dryRun?: boolean;
  caFile?: string;
  json?: boolean;
}

/**
 * `fedcloud-agent images`: one sync of every subscribed image list into Glance (cron it, as
 * atrope's `atrope sync`). Exit status: 0 all synced, 1 a list refused or an image failed (the
 * rest was done; the next run retries), 2 bad input.
 */
export async function runImagesCommand(flags: ImagesFlags, io: CliIo): Promise<number> {
  const say = (line: string): void => {
    io.stderr.write(`fedcloud-agent: images: ${line}\n`);
  };
  const loaded = await readImagesConfig(resolve(io.cwd, flags.config));
  const config = {
    ...loaded,
    stateDir: resolve(io.cwd, loaded.stateDir),
    trustPath: resolve(io.cwd, loaded.trustPath),
  };
  const credentialFlags = await credentialFlagsOf(config.credentials);
  const credentialTransport = createTransport(flags.caFile ? { caFile: flags.caFile } : {});
  const credentials = resolveCredentials(credentialFlags, io.env, {
    cwd: io.cwd,
    transport: credentialTransport,
  });
  const authUrl = authUrlOf(config, credentialFlags, io);
  const caFile = flags.caFile ?? credentials.caFile;
  const connection = openConnection(caFile ? { caFile } : {});
  const crash = imageCrashHookFromEnv(io.env[IMAGE_CRASH_ENV]);
  say(
    `${config.subscriptions.length} subscription${config.subscriptions.length === 1 ? '' : 's'} (${config.file}), project ${config.project}, state ${config.stateDir}; ${credentials.description}${flags.dryRun ? '; dry run: nothing changed' : ''}`,
  );
  try {
    const summary = await runImageSync({
      config,
      authUrl,
      credentials: credentials.keystone,
      transport: connection.transport,
      fetch: connection.fetch,
      ...(flags.dryRun ? { dryRun: true } : {}),
      ...(flags.subscription ? { only: flags.subscription } : {}),
      log: say,
      progress: progressReporter(say),
      ...(crash ? { crash } : {}),
    });
    for (const line of summaryLines(summary)) say(line);
    if (flags.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
    else if (flags.dryRun)
      for (const s of summary.subscriptions)
        for (const line of s.planned ?? []) io.stdout.write(`${s.name}: ${line}\n`);
    return summary.ok ? 0 : 1;
  } finally {
    await connection.close();
    await credentialTransport.dispatcher?.close();
  }
}

/** One line per image at each further tenth of its bytes: enough to see a long upload move. */
function progressReporter(say: (line: string) => void) {
  const shown = new Map<string, number>();
  return (subscription: string, event: ImageProgress): void => {
    if (event.total <= 0) return;
    const key = `${subscription}\u0000${event.title}`;
    const tenth = Math.floor((event.bytes / event.total) * 10);
    if ((shown.get(key) ?? -1) >= tenth) return;
    shown.set(key, tenth);
    const mib = (n: number) => (n / 1048576).toFixed(1);
    say(
      `${subscription}: ${event.title}: ${tenth * 10}% (${mib(event.bytes)} of ${mib(event.total)} MiB)`,
    );
  };
}

/** The run's account for stderr: one line per subscription. */
function summaryLines(summary: ImagesSummary): string[] {
  return summary.subscriptions.map((s) => {
    if (s.status === 'disabled') return `${s.name}: disabled`;
    if (s.reason) return `${s.name}: ${s.status}: ${s.reason}`;
    const parts = [
      `${s.uploaded.length} uploaded`,
      `${s.kept.length} kept`,
      `${s.retired.length} retired`,
      ...(s.skipped.length ? [`${s.skipped.length} skipped`] : []),
      ...(s.failed.length ? [`${s.failed.length} failed`] : []),
      ...(s.planned ? [`${s.planned.length} planned (dry run)`] : []),
    ];
    return `${s.name}: ${s.status}${s.listVersion ? ` (list ${s.listVersion})` : ''}: ${parts.join(', ')}`;
  });
}
