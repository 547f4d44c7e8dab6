import { Option, type Command } from '@commander-js/extra-typings';
import { addOidcOptions, addSiteOptions, addVoOption } from '../../options.js';
import { actionArgs, loadRuntime } from '../../command-args.js';
import { exitWith } from '../openstack/index.js';
import type { SelectFlags, SelectKind } from './run.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function registerSelect(program: Command): void {
  const select = program
    .command('select')
    .description('pick flavors, images or networks matching a specification')
    .addHelpText(
      'after',
      `
Examples:
  fedcloud select flavor --site S --vo V --vcpus 2 --output-format first
  fedcloud select flavor --site ALL_SITES --vo V --gpus 1 --output-format list
  fedcloud select flavor --site S --vo V --flavor-specs "VCPUs>=2 & RAM>2048"
  fedcloud select image --site S --vo V --image-specs 'Name=~"22.04"' --output-format first
  fedcloud select network --site S --vo V --network-specs public`,
    );

  const common = (name: SelectKind, description: string) =>
    addOidcOptions(
      addVoOption(addSiteOptions(select.command(name).description(description))),
    ).addOption(
      new Option('--output-format <format>', 'first | list | YAML | JSON')
        .choices(['first', 'list', 'YAML', 'JSON'])
        .default('JSON'),
    );

  common('flavor', 'flavors matching the specs, smallest first')
    .addHelpText(
      'after',
      `
Examples:
  fedcloud select flavor --site S --vo V --vcpus 2 --RAM 4096 --output-format first
  fedcloud select flavor --site ALL_SITES --vo V --gpus 1 --output-format list
  fedcloud select flavor --site S --vo V --flavor-specs "VCPUs>=2 & RAM>2048" --flavor-specs "Disk>=20"`,
    )
    .addOption(
      new Option(
        '--flavor-specs <spec>',
        'filter, e.g. "VCPUs==2 & RAM>2048" (repeatable)',
      ).argParser(collect),
    )
    .addOption(new Option('--vcpus <n>', 'number of VCPUs'))
    .addOption(new Option('--RAM <mb>', 'RAM in MB'))
    .addOption(new Option('--gpus <n>', 'number of GPUs'))
    .action(async (...args) => run('flavor', args));

  common('image', 'images matching the specs, newest first')
    .addHelpText(
      'after',
      `
Examples:
  fedcloud select image --site S --vo V --image-specs 'Name=~"22.04"' --output-format first
  fedcloud select image --site ALL_SITES --vo V --image-specs 'Name=~"Docker"' --output-format list`,
    )
    .addOption(
      new Option('--image-specs <spec>', 'filter, e.g. Name=~"22.04" (repeatable)').argParser(
        collect,
      ),
    )
    .action(async (...args) => run('image', args));

  common('network', 'networks the project can use')
    .addHelpText(
      'after',
      `
Examples:
  fedcloud select network --site S --vo V --output-format first
  fedcloud select network --site S --vo V --network-specs private --output-format list`,
    )
    .addOption(
      new Option('--network-specs <kind>', 'default | public | private')
        .choices(['default', 'public', 'private'])
        .default('default'),
    )
    .action(async (...args) => run('network', args));
}

async function run(kind: SelectKind, args: unknown[]): Promise<void> {
  const { opts, command } = actionArgs<SelectFlags>(args);
  const { runSelect } = await import('./run.js');
  exitWith(await runSelect(await loadRuntime(command), kind, opts));
}
