import { Command, CommanderError, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { EXIT_FAILURE, EXIT_USAGE } from '@fedcloud/sdk/exit-codes';
import { isAgentError, isUsageError } from '../errors.js';
import { DEFAULT_FLAVOR_PROPERTY_KEYS } from '../siteinfo/types.js';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';

const EXAMPLES = `
Examples:
  # Look at the document cloud-info-provider would publish, once:
  OS_USERNAME=fedcloud-agent OS_PASSWORD=... \\
    fedcloud-agent info --site-file /etc/fedcloud/site.yaml --print --once

  # Publish to the hub every 10 minutes, the secret in a 0600 file:
  OS_USERNAME=fedcloud-agent OS_PASSWORD=... fedcloud-agent info \\
    --site-file /etc/fedcloud/site.yaml --hub https://hub.example.org \\
    --issuer https://aai.egi.eu/auth/realms/egi --client-id agent-my-site \\
    --client-secret-file /etc/fedcloud/agent-secret --interval 600

  # Credentials from clouds.yaml, machine-readable cycle summaries:
  FEDCLOUD_AGENT_CLIENT_SECRET=... fedcloud-agent info --site-file site.yaml \\
    --os-cloud my-site-reader --hub https://hub.example.org --issuer ... --client-id ... --once --json

Exit status: 0 success, 1 a cycle failed (--once), 2 bad input.`;

function positiveInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidArgumentError(`${flag} expects a whole number of seconds above 0`);
    }
    return n;
  };
}

const ACCOUNTING_EXAMPLES = `
Examples:
  # What cASO's cron job does: extract since the last run, spool, send to the hub:
  OS_PASSWORD=... fedcloud-agent accounting --config /etc/fedcloud/accounting.yaml

  # Look at the messages of one month without writing or sending anything:
  fedcloud-agent accounting --config accounting.yaml --dry-run \\
    --extract-from 2026-11-01 --extract-to 2026-12-01

  # Also fill SSM's outgoing queue for a stock ssmsend; a JSON summary on stdout:
  fedcloud-agent accounting --config accounting.yaml \\
    --ssm-output /var/spool/apel/outgoing/openstack --json

  # Send what is spooled (after the hub was down), without reading the site:
  fedcloud-agent accounting --config accounting.yaml --send-only

Exit status: 0 done, 1 a project or the sending failed (the rest waits for the next run),
2 bad input.`;

const IMAGES_EXAMPLES = `
Examples:
  # What atrope's cron job does: fetch each subscribed list, check its signature, sync Glance:
  OS_PASSWORD=... fedcloud-agent images --config /etc/fedcloud/images.yaml

  # What would change, without touching Glance or downloading an image:
  fedcloud-agent images --config images.yaml --dry-run

  # One subscription only, a JSON summary on stdout:
  fedcloud-agent images --config images.yaml --subscription egi.tools --json

Exit status: 0 all synced, 1 a list refused or an image failed (the rest was done; the next
run retries), 2 bad input.`;

/** --extract-from / --extract-to: ISO 8601; a time without zone is UTC, as cASO reads it. */
function isoTime(flag: string) {
  return (value: string): Date => {
    const text = value.trim().replace(' ', 'T');
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)) {
      throw new InvalidArgumentError(`${flag} expects an ISO 8601 time, e.g. 2026-11-30T22:00:00Z`);
    }
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text)
      ? text
      : text.includes('T')
        ? `${text}Z`
        : `${text}T00:00:00Z`;
    const ms = Date.parse(zoned);
    if (Number.isNaN(ms)) throw new InvalidArgumentError(`${flag}: no such time: ${value}`);
    return new Date(ms);
  };
}

function buildProgram(io: CliIo, setStatus: (status: number) => void = () => undefined): Command {
  const program = new Command()
    .name('fedcloud-agent')
    .description(
      "Runs beside one site's OpenStack and publishes what it offers to the federation hub (the FedCloud appliance).",
    )
    .version(VERSION, '--version')
    .showHelpAfterError('(run with --help for usage and examples)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  program
    .command('info')
    .description(
      'Collect the site information (GLUE 2.1, as cloud-info-provider 1.x) and print or publish it',
    )
    .requiredOption('--site-file <file>', 'site YAML in the fedcloud-catchall-operations format')
    .option('--print', 'write the GLUE 2.1 document to stdout')
    .addOption(new Option('--hub <url>', 'hub to publish to').env('FEDCLOUD_AGENT_HUB'))
    .addOption(
      new Option('--issuer <url>', 'OIDC issuer of the federation (client credentials)').env(
        'FEDCLOUD_AGENT_ISSUER',
      ),
    )
    .addOption(
      new Option('--client-id <id>', "the agent's OIDC client id").env('FEDCLOUD_AGENT_CLIENT_ID'),
    )
    .option(
      '--client-secret-file <file>',
      'file (mode 0600) holding the client secret; else $FEDCLOUD_AGENT_CLIENT_SECRET',
    )
    .option('--once', 'run one cycle and exit')
    .option(
      '--interval <seconds>',
      'seconds between cycles (default 3600)',
      positiveInteger('--interval'),
    )
    .option('--json', 'one JSON summary per cycle on stdout (with the document when --print)')
    .addOption(
      new Option('--ca-file <file>', 'CA bundle to trust besides the system CAs').env(
        'FEDCLOUD_CA_FILE',
      ),
    )
    .option(
      '--validity <seconds>',
      'GLUE Validity of the published entities',
      positiveInteger('--validity'),
      43_200,
    )
    .addOption(
      new Option('--select-flavors <which>', 'flavors to publish')
        .choices(['all', 'public', 'private'] as const)
        .default('all' as const),
    )
    .option('--only-appdb-images', 'publish only images with marketplace (AppDB) metadata')
    .option('--exit-on-share-errors', 'fail the cycle when a VO project cannot be read')
    .option(
      '--auditor-role-cloud <name>',
      'clouds.yaml entry whose right to list users is published as the endpoint auditor_role',
    )
    .addOption(
      new Option(
        '--state-file <file>',
        'where the last good reading of each VO is kept (default ~/.local/state/fedcloud-agent/<site file>.json)',
      ).env('FEDCLOUD_AGENT_STATE_FILE'),
    )
    .option('--os-cloud <name>', 'clouds.yaml entry with the site credentials (or $OS_CLOUD)')
    .option('--os-username <name>', 'Keystone user (or $OS_USERNAME), a reader on every VO project')
    .option('--os-password <password>', 'prefer $OS_PASSWORD: flags show in process lists')
    .option('--os-user-domain-name <domain>', 'user domain (or $OS_USER_DOMAIN_NAME; Default)')
    .option(
      '--os-auth-type <type>',
      'keystoneauth plugin (or $OS_AUTH_TYPE), published as the endpoint Authentication',
    )
    .option(
      '--os-access-token <token>',
      'OIDC access token (prefer $OS_ACCESS_TOKEN: flags show in process lists)',
    )
    .option('--os-identity-provider <id>', 'Keystone identity provider for OIDC (egi.eu)')
    .option('--os-protocol <protocol>', 'federation protocol for OIDC (the site file protocol)')
    .option(
      '--property-flavor-gpu-number <key>',
      'flavor extra spec with the number of GPUs',
      DEFAULT_FLAVOR_PROPERTY_KEYS.gpuNumber,
    )
    .option(
      '--property-flavor-gpu-vendor <key>',
      'flavor extra spec with the GPU vendor',
      DEFAULT_FLAVOR_PROPERTY_KEYS.gpuVendor,
    )
    .option(
      '--property-flavor-gpu-model <key>',
      'flavor extra spec with the GPU model',
      DEFAULT_FLAVOR_PROPERTY_KEYS.gpuModel,
    )
    .option(
      '--property-flavor-gpu-memory <key>',
      'flavor extra spec with the GPU memory',
      DEFAULT_FLAVOR_PROPERTY_KEYS.gpuMemory,
    )
    .option(
      '--property-flavor-gpu-virt-type <key>',
      'flavor extra spec with the GPU virtualisation type',
      DEFAULT_FLAVOR_PROPERTY_KEYS.gpuVirtualizationType,
    )
    .addHelpText('after', EXAMPLES)
    .action(async (flags) => {
      const { runInfo } = await import('./info-command.js');
      setStatus(await runInfo(flags, io));
    });

  program
    .command('accounting')
    .description(
      "Extract the site's usage records (APEL cloud v0.4, as cASO does), spool them and send them to the hub",
    )
    .addOption(
      new Option('--config <file>', 'the accounting file (caso.conf settings in YAML)')
        .env('FEDCLOUD_AGENT_ACCOUNTING_CONFIG')
        .default('/etc/fedcloud/accounting.yaml'),
    )
    .option(
      '--extract-from <time>',
      'extract changes since then, not since the last run',
      isoTime('--extract-from'),
    )
    .option('--extract-to <time>', 'extract up to then, not now', isoTime('--extract-to'))
    .option('--dry-run', 'extract and print the messages; write, mark and send nothing')
    .option('--send-only', 'only send what is spooled')
    .option('--extract-only', 'only extract and spool; send later with --send-only')
    .option('--ssm-output <dir>', "also write SSM's outgoing queue (dirq) there, for ssmsend")
    .addOption(
      new Option('--ca-file <file>', 'CA bundle to trust besides the system CAs').env(
        'FEDCLOUD_CA_FILE',
      ),
    )
    .option('--json', 'the run summary as JSON on stdout')
    .addHelpText('after', ACCOUNTING_EXAMPLES)
    .action(async (flags) => {
      const { runAccountingCommand } = await import('../accounting/accounting-command.js');
      setStatus(await runAccountingCommand(flags, io));
    });

  program
    .command('images')
    .description(
      "Sync the VO-endorsed image lists the site subscribes to into Glance (atrope's sync): signatures checked, images streamed and verified",
    )
    .addOption(
      new Option('--config <file>', "the image sync's file (atrope's sources and Glance settings)")
        .env('FEDCLOUD_AGENT_IMAGES_CONFIG')
        .default('/etc/fedcloud/images.yaml'),
    )
    .option('--subscription <name>', 'only this subscription')
    .option('--dry-run', 'fetch and check the lists and print the plan; change nothing')
    .addOption(
      new Option('--ca-file <file>', 'CA bundle to trust besides the system CAs').env(
        'FEDCLOUD_CA_FILE',
      ),
    )
    .option('--json', 'the run summary as JSON on stdout')
    .addHelpText('after', IMAGES_EXAMPLES)
    .action(async (flags) => {
      const { runImagesCommand } = await import('../images/images-command.js');
      setStatus(await runImagesCommand(flags, io));
    });

  return program;
}

/**
 * Runs the CLI and returns the exit status: 2 for bad flags or input, with one clear line on
 * stderr; the status of the command otherwise.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let status = 0;
  const program = buildProgram(io, (value) => {
    status = value;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (error) {
    // --help and --version are "errors" that exit 0; every other one is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const message = error instanceof Error ? error.message : String(error);
    if (isUsageError(error)) {
      io.stderr.write(`fedcloud-agent: error: ${message}\n`);
      return EXIT_USAGE;
    }
    const code = isAgentError(error) ? ` (${error.code})` : '';
    io.stderr.write(`fedcloud-agent: error${code}: ${message}\n`);
    return EXIT_FAILURE;
  }
}
