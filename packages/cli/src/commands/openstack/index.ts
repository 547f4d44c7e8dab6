import { Option, type Command } from '@commander-js/extra-typings';
import {
  addOidcOptions,
  addOpenstackAuthOptions,
  addSiteOptions,
  addVoOption,
} from '../../options.js';
import { actionArgs, ExitStatus, loadRuntime } from '../../command-args.js';
import type { OpenstackFlags } from './run.js';

/** The run's exit status without another message: the sites' errors are already printed. */
export function exitWith(code: number): void {
  if (code !== 0) throw new ExitStatus(code);
}

interface GlobalsCommand {
  optsWithGlobals(): object;
  getOptionValueSourceWithGlobals?(key: string): string | undefined;
}

/** --wait's deadline: --timeout when given explicitly (flag or env), else 600 s. */
function waitTimeoutMs(command: GlobalsCommand, timeoutMs: number): number {
  const source = command.getOptionValueSourceWithGlobals?.('timeout');
  return source === 'cli' || source === 'env' ? timeoutMs : 600_000;
}

export function registerOpenstack(program: Command): void {
  const openstack = addOpenstackAuthOptions(
    addOidcOptions(
      addVoOption(
        addSiteOptions(
          program
            .command('openstack')
            .description(
              'run an OpenStack command on a site, or on every site (ALL_SITES), for a VO',
            )
            .argument('[command...]', 'the openstack command and its options')
            .allowUnknownOption()
            .allowExcessArguments(),
        ),
      ),
    ),
  )
    .addOption(new Option('-i, --ignore-missing-vo', 'skip sites that do not offer the VO'))
    .addOption(new Option('-j, --json-output', 'one JSON array with a result per site'))
    .addOption(new Option('--mine', 'server list: only the servers you created'))
    .addOption(new Option('--wait', 'server create/delete/start/stop/reboot: wait until done'))
    .addHelpText(
      'after',
      `
Runs natively (no python client needed): image list/show, flavor list/show, network list/show,
server list/show/create/delete/start/stop/reboot, console url show, keypair list/create/delete,
security group list/create, security group rule create, floating ip list/create/delete,
volume list/create/delete, quota show, limits show --absolute, token issue.
Anything else runs the python client ("openstack", or FEDCLOUD_OPENSTACK_CLI) with the
Keystone token in its environment.

Examples:
  fedcloud openstack image list --site IISAS-FedCloud --vo vo.access.egi.eu
  fedcloud openstack server list --site ALL_SITES --vo vo.access.egi.eu -j --mine
  fedcloud openstack server create vm1 --image "Ubuntu 22.04" --flavor m1.small \\
      --nic net-id=private --key-name mykey --user-data cloud-init.yaml --wait --site S --vo V
  fedcloud openstack token issue -c id -f value --site S --vo V`,
    );
  openstack.action(async (...args) => {
    const { opts, command } = actionArgs<OpenstackFlags>(args);
    const words = (args[0] ?? []) as string[];
    const [{ runOpenstack }, { renderOpenstackRun }, { openstackExitStatus }] = await Promise.all([
      import('./run.js'),
      import('./render.js'),
      import('./exit-status.js'),
    ]);
    const runtime = await loadRuntime(command);
    const run = await runOpenstack(runtime, opts, words, {
      ...(runtime.caFile ? { caFile: runtime.caFile } : {}),
      waitTimeoutMs: waitTimeoutMs(command, runtime.timeoutMs),
    });
    renderOpenstackRun(runtime.ctx, run);
    exitWith(openstackExitStatus(run));
  });

  addOpenstackAuthOptions(
    addOidcOptions(
      addVoOption(
        addSiteOptions(
          program
            .command('openstack-int')
            .description('an interactive openstack shell on a site, for a VO')
            .addHelpText(
              'after',
              `
Examples:
  fedcloud openstack-int --site SANDBOX-ALPHA --vo vo.access.egi.eu
  EGI_SITE=SANDBOX-ALPHA EGI_VO=vo.access.egi.eu fedcloud openstack-int`,
            ),
        ),
      ),
    ),
  ).action(async (...args) => {
    const { opts, command } = actionArgs<OpenstackFlags>(args);
    const { runInteractive } = await import('./interactive.js');
    const runtime = await loadRuntime(command);
    exitWith(await runInteractive(runtime, opts, runtime.caFile));
  });
}
