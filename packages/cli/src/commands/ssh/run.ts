import { spawn } from 'node:child_process';
import { FedcloudError, openSiteSession } from '@fedcloud/sdk';
import { isAllSites, type OidcFlags, type SiteFlags } from '../../options.js';
import { resolveSites, sessionOptions, type Runtime } from '../../runtime.js';
import { findServer } from '../openstack/osc/lookup.js';
import { serverAddress } from '../openstack/osc/servers.js';
import { withHttpContext } from '../../render/openstack-error.js';

export interface SshFlags extends OidcFlags, SiteFlags {
  vo?: string;
  login?: string;
  identity?: string;
  print?: boolean;
}

/** A shell-safe rendering of argv, for `--print`. */
function shellQuote(args: string[]): string {
  return args
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))
    .join(' ');
}

function sshArgs(address: string, flags: SshFlags, extra: string[]): string[] {
  return [
    ...(flags.identity ? ['-i', flags.identity] : []),
    ...(flags.login ? ['-l', flags.login] : []),
    ...extra,
    address,
  ];
}

/** `fedcloud ssh SERVER`: its floating (else fixed) IPv4, then the system ssh. */
export async function runSsh(
  runtime: Runtime,
  server: string,
  flags: SshFlags,
  extra: string[],
): Promise<number> {
  if (isAllSites(flags))
    throw new FedcloudError('USAGE', 'fedcloud ssh needs one --site, not ALL_SITES');
  const vo = flags.vo;
  if (!vo) throw new FedcloudError('USAGE', 'Missing option --vo (or EGI_VO)');
  const [site] = await resolveSites(runtime, flags);
  if (!site) throw new FedcloudError('SITE_UNKNOWN', 'No site');
  const signal = AbortSignal.timeout(runtime.timeoutMs);
  let address: string | undefined;
  try {
    const session = await openSiteSession(site, vo, { ...sessionOptions(runtime, flags), signal });
    const found = await findServer(session.client, server, signal);
    address = serverAddress(found);
  } catch (error) {
    throw withHttpContext(error);
  }
  if (!address) {
    throw new FedcloudError('NOT_FOUND', `Server ${server} has no IPv4 address yet`, {
      hint: `fedcloud openstack floating ip create <public network> --site ${site.name} --vo ${vo}`,
    });
  }
  const args = sshArgs(address, flags, extra);
  if (flags.print) {
    runtime.ctx.stdout.write(`${shellQuote(['ssh', ...args])}\n`);
    return 0;
  }
  runtime.ctx.stderr.write(`Connecting to ${address}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.ctx.env.FEDCLOUD_SSH ?? 'ssh', args, {
      stdio: 'inherit',
      env: runtime.ctx.env,
    });
    child.on('error', (error) =>
      reject(new FedcloudError('EXTERNAL_COMMAND_FAILED', `could not run ssh: ${error.message}`)),
    );
    child.on('close', (code) => resolve(code ?? 1));
  });
}
