import { Command, Option } from '@commander-js/extra-typings';
import { registerAccounting } from './commands/accounting/index.js';
import { registerCompletion } from './commands/completion/index.js';
import { registerEndpoint } from './commands/endpoint/index.js';
import { registerImageList } from './commands/image-list/index.js';
import { registerOpenstack } from './commands/openstack/index.js';
import { registerSecret } from './commands/secret/index.js';
import { registerSelect } from './commands/select/index.js';
import { registerSite } from './commands/site/index.js';
import { registerSsh } from './commands/ssh/index.js';
import { registerToken } from './commands/token/index.js';
import { throwOnUsageErrors } from './command-args.js';
import { DEFAULT_CONCURRENCY } from './defaults.js';
import { VERSION } from './version.js';

/** The command tree of fedcloudclient 1.4.4, plus our additions. Each verb's module loads lazily. */
export function buildProgram(): Command {
  const program = new Command()
    .name('fedcloud')
    .description(
      'The EGI Federated Cloud from one command line: any OpenStack command on any site, by site, VO and command.',
    )
    .version(VERSION, '--version')
    .showHelpAfterError('(run with --help for usage and examples)')
    .addOption(
      new Option('--debug', 'print each HTTP call to stderr (tokens redacted)').env(
        'FEDCLOUD_DEBUG',
      ),
    )
    .addOption(
      new Option('--ca-file <file>', 'CA bundle to trust besides the system CAs (IGTF bundle)').env(
        'FEDCLOUD_CA_FILE',
      ),
    )
    .addOption(
      new Option(
        '--ca-dir <dir>',
        'folder of CA certificates, like /etc/grid-security/certificates',
      ).env('FEDCLOUD_CA_DIR'),
    )
    .addOption(
      new Option('--timeout <seconds>', 'per-site timeout').env('FEDCLOUD_TIMEOUT').default('30'),
    )
    .addOption(
      new Option('--concurrency <n>', 'sites contacted at once with ALL_SITES')
        .env('FEDCLOUD_CONCURRENCY')
        .default(DEFAULT_CONCURRENCY),
    );
  registerToken(program);
  registerEndpoint(program);
  registerSite(program);
  registerOpenstack(program);
  registerSelect(program);
  registerSsh(program);
  registerSecret(program);
  registerAccounting(program);
  registerImageList(program);
  registerCompletion(program);
  // Bad flags anywhere in the tree exit with USAGE's status (2) through report-error, not 1.
  throwOnUsageErrors(program);
  return program;
}
