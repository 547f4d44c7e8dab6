import { Option, type Command } from '@commander-js/extra-typings';
import { addOidcOptions, addSiteOptions, addVoOption } from '../../options.js';
import { actionArgs, loadRuntime } from '../../command-args.js';
import { exitWith } from '../openstack/index.js';
import type { SshFlags } from './run.js';

export function registerSsh(program: Command): void {
  addOidcOptions(
    addVoOption(
      addSiteOptions(
        program
          .command('ssh')
          .description('ssh to a server by name or ID (its floating IPv4, else its fixed one)')
          .argument('<server>', 'server name or ID')
          .argument('[ssh-args...]', 'extra ssh arguments, after --'),
      ),
    ),
  )
    .addOption(new Option('-l, --login <user>', 'remote user (ssh -l)'))
    .addOption(new Option('-i, --identity <key>', 'private key file (ssh -i)'))
    .addOption(new Option('--print', 'print the ssh command line instead of running it'))
    .addHelpText(
      'after',
      `
Examples:
  fedcloud ssh vm1 --site S --vo V -l ubuntu -i ~/.ssh/id_ed25519
  fedcloud ssh vm1 --site S --vo V -l ubuntu -- -L 8888:localhost:8888
  fedcloud ssh vm1 --site S --vo V --print`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<SshFlags>(args);
      const server = args[0] as string;
      const extra = (args[1] ?? []) as string[];
      const { runSsh } = await import('./run.js');
      exitWith(await runSsh(await loadRuntime(command), server, opts, extra));
    });
}
