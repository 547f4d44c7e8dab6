import { Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { DEFAULTS, defaultDataDir } from '@fedcloud/sandbox';
import { EXIT_FAILURE } from '@fedcloud/sdk/exit-codes';

const program = new Command()
  .name('fedcloud-sandbox')
  .description(
    'A whole EGI-style federation on one machine: an OIDC issuer and emulated OpenStack sites.',
  )
  .showHelpAfterError()
  .option(
    '-d, --data-dir <dir>',
    'data folder (state, CA, sites, clouds.yaml)',
    process.env.FEDCLOUD_SANDBOX_DIR ?? defaultDataDir(),
  );

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${name} must be a whole number ≥ 0`);
  return n;
};

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${name} must be a whole number ≥ 1`);
  return n;
};

program
  .command('start')
  .description('start the issuer, the sites, the hub and one agent per site; Ctrl-C stops them')
  .option(
    '--sites <n>',
    `number of sites (env FEDCLOUD_SANDBOX_SITES, default ${DEFAULTS.sites})`,
    int('--sites'),
  )
  .option(
    '--host <address>',
    `address to listen on (env FEDCLOUD_SANDBOX_HOST, default ${DEFAULTS.host})`,
  )
  .option(
    '--issuer-port <port>',
    `issuer port (env FEDCLOUD_SANDBOX_ISSUER_PORT, default ${DEFAULTS.issuerPort})`,
    int('--issuer-port'),
  )
  .option(
    '--control-port <port>',
    `control API port (env FEDCLOUD_SANDBOX_CONTROL_PORT, default ${DEFAULTS.controlPort})`,
    int('--control-port'),
  )
  .option(
    '--vault-port <port>',
    `the Vault's port (env FEDCLOUD_SANDBOX_VAULT_PORT, default ${DEFAULTS.vaultPort})`,
    int('--vault-port'),
  )
  .option(
    '--appliances-port <port>',
    `the appliance repository's port, where the VO image list's images are (env FEDCLOUD_SANDBOX_APPLIANCES_PORT, default ${DEFAULTS.appliancesPort})`,
    int('--appliances-port'),
  )
  .option(
    '--mytoken-port <port>',
    `the mytoken server's port (env FEDCLOUD_SANDBOX_MYTOKEN_PORT, default ${DEFAULTS.mytokenPort})`,
    int('--mytoken-port'),
  )
  .option(
    '--sites-port <port>',
    `first site's port; site i uses port+i (env FEDCLOUD_SANDBOX_SITES_PORT, default ${DEFAULTS.sitesPort})`,
    int('--sites-port'),
  )
  .option(
    '--build-delay <ms>',
    `time a new server stays in BUILD (env FEDCLOUD_SANDBOX_BUILD_DELAY_MS, default ${DEFAULTS.buildDelayMs})`,
    int('--build-delay'),
  )
  .option('--insecure-http', 'serve plain HTTP instead of HTTPS (env FEDCLOUD_SANDBOX_HTTP=1)')
  .option(
    '--hub-port <port>',
    "the hub's port (env FEDCLOUD_SANDBOX_HUB_PORT, default 7400)",
    int('--hub-port'),
  )
  .option(
    '--agent-interval <seconds>',
    "seconds between two publications of a site's information (env FEDCLOUD_SANDBOX_AGENT_INTERVAL, default 60)",
    positive('--agent-interval'),
  )
  .option(
    '--accounting-interval <seconds>',
    "seconds between two accounting runs of a site's agent, 0 for none (env FEDCLOUD_SANDBOX_ACCOUNTING_INTERVAL, default 120)",
    int('--accounting-interval'),
  )
  .option(
    '--images-interval <seconds>',
    "seconds between two image syncs of a site's agent, 0 for no image list and no syncs (env FEDCLOUD_SANDBOX_IMAGES_INTERVAL, default 3600)",
    int('--images-interval'),
  )
  .option(
    '--history-months <n>',
    'months of past VM use given to the sites of a new data folder, so accounting has something to show; 0 for none',
    int('--history-months'),
    3,
  )
  .option('--no-hub', 'no hub and no agents: the issuer and the sites only')
  .option('--json', 'print the ready information as one JSON line')
  .addHelpText(
    'after',
    `
The hub (site registry, information system, accounting, dashboard) keeps its SQLite database in
the data folder; every site is registered in it and one agent per site publishes the site's
information and its accounting to it. The VO manager of vo.access.egi.eu publishes a signed image
list of a few small images from the sandbox's appliance repository, and each site's agent syncs
them into its Glance, shared with the VO's project. On a new data folder the sites first get a few months of
past VM use (--history-months), booted and deleted at their own past times by the VOs' members.

Examples:
  $ fedcloud-sandbox start                      # issuer + 3 sites + hub + agents on 127.0.0.1
  $ fedcloud-sandbox start --sites 30 --build-delay 200
  $ fedcloud-sandbox start --no-hub             # issuer and sites only
  $ fedcloud-sandbox start --history-months 6 --accounting-interval 30
  $ FEDCLOUD_SANDBOX_DIR=/tmp/sbx fedcloud-sandbox start --insecure-http`,
  )
  .action(async (flags) => {
    const { runStart } = await import('./commands/start.js');
    await runStart(program.opts().dataDir, flags);
  });

program
  .command('token')
  .description('print a fresh OIDC access token for a seeded user of the running sandbox')
  .argument('<user>', 'seeded user: alice, bob or carol')
  .option('--scope <scope>', 'scopes to request', 'openid profile email eduperson_entitlement')
  .addHelpText(
    'after',
    `
Examples:
  $ export OIDC_ACCESS_TOKEN=$(npx fedcloud-sandbox token alice)
  $ openstack --os-auth-type v3oidcaccesstoken --os-access-token "$(npx fedcloud-sandbox token alice)" ...`,
  )
  .action(async (user, flags) => {
    const { runToken } = await import('./commands/token.js');
    await runToken(program.opts().dataDir, user, flags.scope);
  });

program
  .command('mytoken')
  .description('print a new mytoken for a seeded user of the running sandbox')
  .argument('<user>', 'seeded user: alice, bob or carol')
  .option('--uses <n>', 'access tokens it may give (usages_AT); unlimited without', int('--uses'))
  .option(
    '--expires-in <seconds>',
    'lifetime in seconds; no expiry without',
    positive('--expires-in'),
  )
  .addHelpText(
    'after',
    `
The mytoken is exchanged for access tokens at the sandbox's mytoken server (FEDCLOUD_MYTOKEN_SERVER
in \`fedcloud-sandbox env\`): POST <server>/api/v0/token/access {"grant_type": "mytoken", "mytoken": …}.

Examples:
  $ export FEDCLOUD_MYTOKEN=$(npx fedcloud-sandbox mytoken alice)
  $ npx fedcloud-sandbox mytoken bob --uses 3 --expires-in 600`,
  )
  .action(async (user, flags) => {
    const { runMytoken } = await import('./commands/mytoken.js');
    await runMytoken(program.opts().dataDir, user, {
      ...(flags.uses === undefined ? {} : { usesAt: flags.uses }),
      ...(flags.expiresIn === undefined ? {} : { expiresInSeconds: flags.expiresIn }),
    });
  });

program
  .command('env')
  .description(
    'print the shell exports for the running sandbox: hub, CA trust and a fresh access token',
  )
  .argument('[user]', 'seeded user: alice, bob or carol', 'alice')
  .option('--scope <scope>', 'scopes to request', 'openid profile email eduperson_entitlement')
  .addHelpText(
    'after',
    `
Examples:
  $ eval "$(npx fedcloud-sandbox env)"
  $ eval "$(npx fedcloud-sandbox env bob)" && fedcloud token list-vos`,
  )
  .action(async (user: string, flags: { scope: string }) => {
    const { sandboxEnv } = await import('./commands/env.js');
    process.stdout.write(await sandboxEnv(program.opts().dataDir, user, flags.scope));
  });

program
  .command('fault')
  .description('inject faults into a site of the running sandbox')
  .argument('<site>', 'site name, e.g. SANDBOX-BETA')
  .option('--latency <ms>', 'added to every response', int('--latency'))
  .option('--keystone-latency <ms>', 'added to Keystone responses only', int('--keystone-latency'))
  .option('--error-rate <fraction>', 'share of requests answered 503 (0..1)', (v) => {
    const n = Number(v);
    if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('--error-rate must be between 0 and 1');
    return n;
  })
  .option('--down', 'close the site (connections refused)')
  .option('--up', 'reopen the site')
  .option('--hang', 'accept connections but never answer')
  .option('--no-hang', 'answer again')
  .option('--fail-builds', 'new servers go to ERROR')
  .option('--no-fail-builds', 'new servers go to ACTIVE again')
  .option('--clear', 'remove every fault')
  .addHelpText(
    'after',
    `
Examples:
  $ fedcloud-sandbox fault SANDBOX-BETA --latency 150
  $ fedcloud-sandbox fault SANDBOX-GAMMA --down
  $ fedcloud-sandbox fault SANDBOX-GAMMA --clear`,
  )
  .action(async (site, flags) => {
    const { runFault } = await import('./commands/fault.js');
    await runFault(program.opts().dataDir, site, flags);
  });

program
  .command('status')
  .description('show the running sandbox: issuer, sites and their faults')
  .option('--json', 'print JSON')
  .action(async (flags) => {
    const { runStatus } = await import('./commands/status.js');
    await runStatus(program.opts().dataDir, flags.json ?? false);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(
    `fedcloud-sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = EXIT_FAILURE;
});
