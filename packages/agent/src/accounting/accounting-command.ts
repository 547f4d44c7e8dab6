import { resolve } from 'node:path';
import { createTransport } from '@fedcloud/sdk';
import { resolveCredentials } from '../cli/credentials.js';
import type { CliIo } from '../cli/io.js';
import { readSecretFile } from '../cli/secret-file.js';
import { authUrlOf, credentialFlagsOf } from '../cli/site-login.js';
import { openConnection } from '../connection.js';
import { AgentError } from '../errors.js';
import type { HubConnection } from '../publish/publish-site-info.js';
import { readAccountingConfig, type AccountingConfig } from './config.js';
import { CRASH_ENV, crashHookFromEnv } from './crash-points.js';
import { summaryLine } from './render.js';
import { runAccounting, type AccountingMode } from './run-accounting.js';

export interface AccountingFlags {
  config: string;
  extractFrom?: Date;
  extractTo?: Date;
  dryRun?: boolean;
  sendOnly?: boolean;
  extractOnly?: boolean;
  ssmOutput?: string;
  caFile?: string;
  json?: boolean;
}

const CLIENT_SECRET_ENV = 'FEDCLOUD_AGENT_CLIENT_SECRET';

/**
 * `fedcloud-agent accounting`: one run (cron it, as cASO: "at least once a day, we recommend
 * every 4 hours"). Returns the exit status: 0 done, 1 a project or the sending failed (what
 * could be done was done; the rest waits for the next run), 2 bad input.
 */
export async function runAccountingCommand(flags: AccountingFlags, io: CliIo): Promise<number> {
  const say = (line: string): void => {
    io.stderr.write(`fedcloud-agent: accounting: ${line}\n`);
  };
  if (flags.sendOnly && flags.extractOnly) {
    throw new AgentError('USAGE', '--send-only and --extract-only exclude each other');
  }
  if (flags.sendOnly && (flags.extractFrom || flags.extractTo)) {
    throw new AgentError('USAGE', '--send-only sends what is spooled: it takes no window');
  }
  if (flags.extractFrom && flags.extractTo && flags.extractFrom > flags.extractTo) {
    throw new AgentError('USAGE', '--extract-from is after --extract-to');
  }
  const loaded = await readAccountingConfig(resolve(io.cwd, flags.config));
  const config: AccountingConfig = {
    ...loaded,
    ...(flags.ssmOutput ? { ssmOutputPath: resolve(io.cwd, flags.ssmOutput) } : {}),
    spooldir: resolve(io.cwd, loaded.spooldir),
  };
  const mode: AccountingMode = flags.sendOnly ? 'send' : flags.extractOnly ? 'extract' : 'all';
  const hub = await hubOf(config, io.env);
  if (!flags.dryRun && !hub && !config.ssmOutputPath) {
    throw new AgentError(
      'USAGE',
      `nowhere to put the records: give a "hub" section in ${config.file}, an "ssm" output_path (or --ssm-output <dir>), or --dry-run`,
    );
  }
  if (mode === 'send' && !hub) {
    throw new AgentError('USAGE', `--send-only needs the "hub" section in ${config.file}`);
  }

  const credentialFlags = await credentialFlagsOf(config.credentials);
  const caFile = flags.caFile ?? config.caFile;
  const credentialTransport = createTransport(caFile ? { caFile } : {});
  const credentials =
    mode === 'send'
      ? undefined
      : resolveCredentials(credentialFlags, io.env, {
          cwd: io.cwd,
          transport: credentialTransport,
        });
  const authUrl = mode === 'send' ? '' : authUrlOf(config, credentialFlags, io);
  const connection = openConnection({
    ...((caFile ?? credentials?.caFile) ? { caFile: caFile ?? credentials?.caFile } : {}),
  });
  const crash = crashHookFromEnv(io.env[CRASH_ENV]);
  say(
    `site ${config.siteName} (${config.file}), spool ${config.spooldir}${
      credentials ? `; ${credentials.description}` : ''
    }; ${[
      hub && !flags.dryRun ? `sending to ${hub.url} as ${hub.clientId}` : undefined,
      config.ssmOutputPath && !flags.dryRun ? `SSM queue ${config.ssmOutputPath}` : undefined,
      flags.dryRun ? 'dry run: nothing written or sent' : undefined,
    ]
      .filter(Boolean)
      .join(', ')}`,
  );
  try {
    const summary = await runAccounting({
      config,
      authUrl,
      // --send-only reads no site: a login that is never used.
      credentials: credentials?.keystone ?? { username: '', password: '' },
      ...(hub ? { hub } : {}),
      transport: connection.transport,
      fetch: connection.fetch,
      mode,
      ...(flags.dryRun ? { dryRun: true } : {}),
      ...(flags.extractFrom ? { extractFrom: flags.extractFrom } : {}),
      ...(flags.extractTo ? { extractTo: flags.extractTo } : {}),
      log: say,
      ...(crash ? { crash } : {}),
    });
    if (summary.error) say(`error (${summary.error.code}): ${summary.error.message}`);
    say(summaryLine(summary));
    if (flags.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
    else if (flags.dryRun)
      for (const message of summary.messages ?? []) io.stdout.write(`${message}\n`);
    return summary.ok ? 0 : 1;
  } finally {
    await connection.close();
    await credentialTransport.dispatcher?.close();
  }
}

async function hubOf(
  config: AccountingConfig,
  env: NodeJS.ProcessEnv,
): Promise<HubConnection | undefined> {
  if (!config.hub) return undefined;
  const clientSecret = config.hub.clientSecretFile
    ? await readSecretFile(config.hub.clientSecretFile)
    : env[CLIENT_SECRET_ENV]?.trim();
  if (!clientSecret) {
    throw new AgentError(
      'USAGE',
      `no client secret for the hub: set hub.client_secret_file in ${config.file} (mode 0600) or ${CLIENT_SECRET_ENV}`,
    );
  }
  return {
    url: config.hub.url,
    issuerUrl: config.hub.issuerUrl,
    clientId: config.hub.clientId,
    clientSecret,
    ...(config.hub.scope ? { scope: config.hub.scope } : {}),
  };
}
