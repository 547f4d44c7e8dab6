import { homedir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { createTransport } from '@fedcloud/sdk';
import { AgentError, isUsageCode } from '../errors.js';
import { startInfoAgent, type CycleResult } from '../info-agent.js';
import type { HubConnection } from '../publish/publish-site-info.js';
import { readSiteFile } from '../siteinfo/read-site-file.js';
import type { FlavorSelection } from '../siteinfo/types.js';
import { auditorCloud, cloudsYamlCandidates } from './clouds-yaml.js';
import { resolveCredentials, type CredentialFlags } from './credentials.js';
import type { CliIo } from './io.js';
import { cycleJson, cycleLine } from './render.js';
import { readSecretFile } from './secret-file.js';

export interface InfoFlags extends CredentialFlags {
  siteFile: string;
  print?: boolean;
  hub?: string;
  issuer?: string;
  clientId?: string;
  clientSecretFile?: string;
  once?: boolean;
  interval?: number;
  json?: boolean;
  caFile?: string;
  validity: number;
  selectFlavors: FlavorSelection;
  onlyAppdbImages?: boolean;
  exitOnShareErrors?: boolean;
  stateFile?: string;
  auditorRoleCloud?: string;
  propertyFlavorGpuNumber: string;
  propertyFlavorGpuVendor: string;
  propertyFlavorGpuModel: string;
  propertyFlavorGpuMemory: string;
  propertyFlavorGpuVirtType: string;
}

const DEFAULT_INTERVAL_SECONDS = 3600;
const CLIENT_SECRET_ENV = 'FEDCLOUD_AGENT_CLIENT_SECRET';

/** `fedcloud-agent info`: returns the exit status (0 ok, 1 a cycle failed, 2 bad input). */
export async function runInfo(flags: InfoFlags, io: CliIo): Promise<number> {
  const say = (line: string): void => {
    io.stderr.write(`fedcloud-agent: ${line}\n`);
  };
  const hub = await hubConnection(flags, io.env);
  if (!hub && !flags.print) {
    throw new AgentError(
      'USAGE',
      'nothing to do: give --print to write the document to stdout, or --hub, --issuer and --client-id to publish it',
    );
  }
  if (flags.once && flags.interval !== undefined) {
    throw new AgentError('USAGE', '--once and --interval exclude each other');
  }
  // Bad site files stop the agent before it starts; later edits are re-read at every cycle.
  const site = await readSiteFile(flags.siteFile);

  const credentialTransport = createTransport(flags.caFile ? { caFile: flags.caFile } : {});
  const credentials = resolveCredentials(flags, io.env, {
    cwd: io.cwd,
    transport: credentialTransport,
  });
  const caFile = flags.caFile ?? credentials.caFile;
  const auditor = flags.auditorRoleCloud
    ? auditorCloud(flags.auditorRoleCloud, cloudsYamlCandidates(io.env, io.cwd))
    : undefined;
  const interval = flags.once ? undefined : (flags.interval ?? DEFAULT_INTERVAL_SECONDS);
  say(
    `site ${site.name} (${flags.siteFile}), ${site.vos.length} VOs; ${credentials.description}; ${
      hub ? `publishing to ${hub.url} as ${hub.clientId}` : 'printing only'
    }${interval ? `, every ${interval} s` : ', once'}`,
  );

  const onCycle = (result: CycleResult): void => {
    for (const warning of result.warnings) say(`warning: ${warning}`);
    say(cycleLine(result));
    if (flags.json) io.stdout.write(`${cycleJson(result, flags.print === true)}\n`);
    else if (flags.print && result.document)
      io.stdout.write(`${JSON.stringify(result.document)}\n`);
  };
  const agent = startInfoAgent({
    siteFile: flags.siteFile,
    keystone: credentials.keystone,
    ...(credentials.authentication ? { authentication: credentials.authentication } : {}),
    ...(caFile ? { caFile } : {}),
    ...(hub ? { hub } : {}),
    validitySeconds: flags.validity,
    selectFlavors: flags.selectFlavors,
    ...(flags.onlyAppdbImages ? { onlyAppdbImages: true } : {}),
    ...(flags.exitOnShareErrors ? { exitOnShareErrors: true } : {}),
    stateFile: flags.stateFile ?? defaultStateFile(flags.siteFile, io.env),
    ...(auditor ? { auditorCloud: auditor } : {}),
    flavorProperties: {
      gpuNumber: flags.propertyFlavorGpuNumber,
      gpuVendor: flags.propertyFlavorGpuVendor,
      gpuModel: flags.propertyFlavorGpuModel,
      gpuMemory: flags.propertyFlavorGpuMemory,
      gpuVirtualizationType: flags.propertyFlavorGpuVirtType,
    },
    ...(interval ? { intervalSeconds: interval } : {}),
    log: say,
    onCycle,
  });

  try {
    if (!interval) {
      const result = await agent.runNow();
      if (result.ok) return 0;
      return isUsageCode(result.error?.code) ? 2 : 1;
    }
    await io.shutdown();
    say('stopping');
    return 0;
  } finally {
    await agent.stop();
    await credentialTransport.dispatcher?.close();
  }
}

async function hubConnection(
  flags: InfoFlags,
  env: NodeJS.ProcessEnv,
): Promise<HubConnection | undefined> {
  const given = [flags.hub, flags.issuer, flags.clientId].filter((v) => v !== undefined).length;
  if (given === 0) {
    if (flags.clientSecretFile) {
      throw new AgentError('USAGE', '--client-secret-file needs --hub, --issuer and --client-id');
    }
    return undefined;
  }
  if (!flags.hub || !flags.issuer || !flags.clientId) {
    const missing = [
      flags.hub ? undefined : '--hub',
      flags.issuer ? undefined : '--issuer',
      flags.clientId ? undefined : '--client-id',
    ].filter(Boolean);
    throw new AgentError(
      'USAGE',
      `publishing needs --hub, --issuer and --client-id: ${missing.join(', ')} missing`,
    );
  }
  for (const [flag, value] of [
    ['--hub', flags.hub],
    ['--issuer', flags.issuer],
  ] as const) {
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
      throw new AgentError('USAGE', `${flag} must be an http(s) URL, got ${JSON.stringify(value)}`);
    }
  }
  const clientSecret = flags.clientSecretFile
    ? await readSecretFile(flags.clientSecretFile)
    : env[CLIENT_SECRET_ENV]?.trim();
  if (!clientSecret) {
    throw new AgentError(
      'USAGE',
      `no client secret: set ${CLIENT_SECRET_ENV} or give --client-secret-file <file> (mode 0600)`,
    );
  }
  return { url: flags.hub, issuerUrl: flags.issuer, clientId: flags.clientId, clientSecret };
}

/** `$XDG_STATE_HOME/fedcloud-agent/<site file name>.json`, one per site an operator runs. */
function defaultStateFile(siteFile: string, env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'fedcloud-agent', `${basename(siteFile, extname(siteFile))}.json`);
}
