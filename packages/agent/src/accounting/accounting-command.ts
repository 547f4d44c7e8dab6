import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { createTransport } from '@fedcloud/sdk';
import { cloudsYamlCandidates, readCloud } from '../cli/clouds-yaml.js';
import { resolveCredentials, type CredentialFlags } from '../cli/credentials.js';
import type { CliIo } from '../cli/io.js';
import { readSecretFile } from '../cli/secret-file.js';
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

  const credentialFlags: CredentialFlags = {
    ...(config.credentials.os_cloud ? { osCloud: config.credentials.os_cloud } : {}),
    ...(config.credentials.username ? { osUsername: config.credentials.username } : {}),
    ...(config.credentials.user_domain_name
      ? { osUserDomainName: config.credentials.user_domain_name }
      : {}),
    ...(config.credentials.auth_type ? { osAuthType: config.credentials.auth_type } : {}),
    ...(config.credentials.identity_provider
      ? { osIdentityProvider: config.credentials.identity_provider }
      : {}),
    ...(config.credentials.protocol ? { osProtocol: config.credentials.protocol } : {}),
    ...(config.credentials.password_file
      ? { osPassword: await readPasswordFile(config.credentials.password_file) }
      : {}),
  };
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

/** auth_url of the file, else of the clouds.yaml entry, else OS_AUTH_URL (keystoneauth's order). */
function authUrlOf(config: AccountingConfig, flags: CredentialFlags, io: CliIo): string {
  if (config.authUrl) return config.authUrl;
  const cloudName = flags.osCloud ?? io.env['OS_CLOUD']?.trim();
  if (cloudName) {
    const { cloud } = readCloud(cloudName, cloudsYamlCandidates(io.env, io.cwd));
    if (cloud.auth?.auth_url) return cloud.auth.auth_url;
  }
  const fromEnv = io.env['OS_AUTH_URL']?.trim();
  if (fromEnv) return fromEnv;
  throw new AgentError(
    'USAGE',
    `no Keystone URL: set auth_url in ${config.file}, auth.auth_url in the clouds.yaml entry, or OS_AUTH_URL`,
  );
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

/** The Keystone password from a file only its owner may read (as the client secret). */
async function readPasswordFile(path: string): Promise<string> {
  if (!isAbsolute(path))
    throw new AgentError(
      'USAGE',
      `credentials.password_file must be an absolute path, got ${path}`,
    );
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AgentError('USAGE', `cannot read password file ${path} (${reason})`, {
      cause: error,
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new AgentError(
      'USAGE',
      `password file ${path} is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${path}`,
    );
  }
  // Only the final newline goes: blanks may be part of a password.
  const password = (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  if (password === '') throw new AgentError('USAGE', `password file ${path} is empty`);
  return password;
}
