import { spawn } from 'node:child_process';
import { FedcloudError, openSiteSession } from '@fedcloud/sdk';
import { isAllSites } from '../../options.js';
import { resolveSites, sessionOptions, type Runtime } from '../../runtime.js';
import { findOpenstackCli, missingCliError, openstackEnv } from './delegate.js';
import type { OpenstackFlags } from './run.js';

/** `fedcloud openstack-int`: the python client's shell, with the site's token in its env. */
export async function runInteractive(
  runtime: Runtime,
  flags: OpenstackFlags,
  caFile: string | undefined,
): Promise<number> {
  if (isAllSites(flags)) {
    throw new FedcloudError('USAGE', 'openstack-int runs on one site, not ALL_SITES');
  }
  if (!flags.vo) throw new FedcloudError('USAGE', 'Missing option --vo (or EGI_VO)');
  const cli = findOpenstackCli(runtime.ctx.env);
  if (!cli) throw missingCliError('(interactive shell)');
  const [site] = await resolveSites(runtime, flags);
  if (!site) throw new FedcloudError('SITE_UNKNOWN', 'No site');
  if (!site.vos.some((v) => v.name === flags.vo)) {
    throw new FedcloudError('VO_NOT_AT_SITE', `VO ${flags.vo} not found on site ${site.name}`);
  }
  const session = await openSiteSession(site, flags.vo, sessionOptions(runtime, flags));
  const env = openstackEnv(runtime.ctx.env, session, caFile);
  return new Promise((resolve, reject) => {
    const child = spawn(cli, [], { env, stdio: 'inherit' });
    child.on('error', (error) =>
      reject(
        new FedcloudError('EXTERNAL_COMMAND_FAILED', `could not run ${cli}: ${error.message}`),
      ),
    );
    child.on('close', (code) => resolve(code ?? 1));
  });
}
