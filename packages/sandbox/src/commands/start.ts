import { ZodError } from 'zod';
import { describeOptionIssues, optionsFromEnv, type SandboxOptionsInput } from '../options.js';
import { type Sandbox, startSandbox } from '../sandbox.js';

export interface StartFlags {
  sites?: number;
  host?: string;
  issuerPort?: number;
  controlPort?: number;
  sitesPort?: number;
  buildDelay?: number;
  insecureHttp?: boolean;
  json?: boolean;
}

export async function runStart(dataDir: string, flags: StartFlags): Promise<void> {
  const input: SandboxOptionsInput = { ...optionsFromEnv(process.env), dataDir };
  if (flags.sites !== undefined) input.sites = flags.sites;
  if (flags.host !== undefined) input.host = flags.host;
  if (flags.issuerPort !== undefined) input.issuerPort = flags.issuerPort;
  if (flags.controlPort !== undefined) input.controlPort = flags.controlPort;
  if (flags.sitesPort !== undefined) input.sitesPort = flags.sitesPort;
  if (flags.buildDelay !== undefined) input.buildDelayMs = flags.buildDelay;
  if (flags.insecureHttp) input.insecureHttp = true;

  const started = Date.now();
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(input);
  } catch (error) {
    if (error instanceof ZodError) throw new Error(`bad option:\n${describeOptionIssues(error)}`);
    throw error;
  }
  const stop = async (signal: string) => {
    process.stderr.write(`\n${signal}: stopping the sandbox…\n`);
    await sandbox.stop();
    process.stderr.write('stopped.\n');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  if (flags.json) {
    process.stdout.write(`${JSON.stringify(readyInfo(sandbox))}\n`);
    return;
  }
  process.stdout.write(describe(sandbox, Date.now() - started));
}

export function readyInfo(sandbox: Sandbox) {
  return {
    ready: true,
    issuer: sandbox.issuerUrl,
    control: sandbox.controlUrl,
    sites: sandbox.sites.map((s) => ({
      name: s.name,
      url: s.identityUrl,
      vos: s.vos.map((v) => v.vo),
    })),
    files: sandbox.files,
    users: sandbox.users,
  };
}

function describe(sandbox: Sandbox, ms: number): string {
  const { files } = sandbox;
  const out: string[] = [];
  out.push(`OIDC issuer   ${sandbox.issuerUrl}`);
  out.push('');
  out.push('Sites (Keystone v3 URL, VOs):');
  for (const site of sandbox.sites) {
    out.push(
      `  ${site.name.padEnd(17)} ${site.identityUrl}  ${site.vos.map((v) => `${v.vo} (${v.projectName})`).join(', ')}`,
    );
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
  out.push('Try:');
  out.push(`  export OIDC_ACCESS_TOKEN=$(npx fedcloud-sandbox token alice)`);
  out.push(
    `  OS_CLIENT_CONFIG_FILE=${files.cloudsYaml} openstack --os-cloud ${sandbox.sites[0]?.name.toLowerCase()}-admin server list`,
  );
  out.push('');
  const urls = [
    `issuer=${sandbox.issuerUrl}`,
    `control=${sandbox.controlUrl}`,
    ...sandbox.sites.map((s) => `${s.name}=${s.identityUrl}`),
  ];
  out.push(`fedcloud sandbox ready in ${ms} ms: ${urls.join(' ')}`);
  return `${out.join('\n')}\n`;
}
