import { createRequire } from 'node:module';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { EXIT_FAILURE, EXIT_USAGE } from '@fedcloud/sdk/exit-codes';
import { HubError } from './errors.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Exit statuses: 0 done, 1 failed (database, not found), 2 bad usage or settings. */

const out = (line: string) => process.stdout.write(`${line}\n`);

const DATABASE_FLAG = '--database <path-or-url>';
const DATABASE_HELP =
  'SQLite file or postgres:// URL (env FEDCLOUD_HUB_DB, default ~/.local/share/fedcloud-hub/hub.db)';

function buildProgram(): Command {
  const program = new Command()
    .name('fedcloud-hub')
    .description(
      "The federation's site registry (GOCDB role) and information system (cloud-info role), with its dashboard.",
    )
    .version(version)
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride();

  program
    .command('serve')
    .description('serve the hub over HTTP until Ctrl-C; prints one ready line')
    .option('--host <address>', 'address to listen on (env FEDCLOUD_HUB_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port, 0 for a free one (env FEDCLOUD_HUB_PORT, default 7400)')
    .option(DATABASE_FLAG, DATABASE_HELP)
    .option('--issuer <url>', 'OIDC issuer whose tokens are accepted (env FEDCLOUD_HUB_ISSUER)')
    .option(
      '--admins <subjects>',
      'comma list of subjects or client ids that are federation admins (env FEDCLOUD_HUB_ADMINS)',
    )
    .option('--ca-file <pem>', 'extra CA to trust for the issuer (env FEDCLOUD_HUB_CA_FILE)')
    .option(
      '--public-url <url>',
      'base URL clients reach the hub at, used in links (env FEDCLOUD_HUB_PUBLIC_URL)',
    )
    .option(
      '--audience <values>',
      'comma list of accepted token audiences, `aud` (env FEDCLOUD_HUB_AUDIENCE, default fedcloud)',
    )
    .option(
      '--history-count <n>',
      'information documents kept per site (env FEDCLOUD_HUB_HISTORY_COUNT, default 100)',
    )
    .option(
      '--history-days <n>',
      'days of information history kept (env FEDCLOUD_HUB_HISTORY_DAYS, default 30)',
    )
    .option(
      '--publish-rate <n>',
      'publications a publisher may make per site per minute (env FEDCLOUD_HUB_PUBLISH_RATE, default 12)',
    )
    .option(
      '--trusted-ca <file-or-dir>',
      "CAs whose certificates may sign sites' accounting messages (ssmsend over AMS), a PEM file or an /etc/grid-security/certificates folder (env FEDCLOUD_HUB_TRUSTED_CA)",
    )
    .option(
      '--tls-cert <pem>',
      'serve https with this certificate (env FEDCLOUD_HUB_TLS_CERT; with --tls-key)',
    )
    .option('--tls-key <pem>', "the certificate's private key (env FEDCLOUD_HUB_TLS_KEY)")
    .option('--dashboard-dir <dir>', 'folder of the built dashboard (default: the bundled one)')
    .option('--no-dashboard', 'serve no dashboard')
    .option('--json', 'print the ready line as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ fedcloud-hub serve --issuer https://aai.egi.eu/auth/realms/egi
  $ FEDCLOUD_HUB_DB=postgres://hub:secret@db/hub fedcloud-hub serve --host 0.0.0.0 --port 7400
  $ fedcloud-hub serve --port 0 --json     # a free port; {"ready":true,"url":...}
  # Also the AMS endpoint stock ssmsend sends accounting to (https, host certificates checked):
  $ fedcloud-hub serve --host 0.0.0.0 --port 443 --tls-cert hub.pem --tls-key hub-key.pem \\
      --trusted-ca /etc/grid-security/certificates`,
    )
    .action(async (flags) => {
      const { runServe } = await import('./commands/serve.js');
      const result = await runServe(flags);
      const stop = (signal: string) => {
        process.stderr.write(`${signal}: stopping fedcloud-hub\n`);
        void result.hub.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      if (flags.json) {
        const { hub: _hub, ...ready } = result;
        out(JSON.stringify({ ready: true, ...ready }));
      } else {
        out(
          `fedcloud-hub ready at ${result.url} (database ${result.database}; issuer ${result.issuer ?? 'none: tokens are refused'})`,
        );
      }
    });

  program
    .command('migrate')
    .description('create or update the database schema, then exit')
    .option('--json', 'print JSON')
    .option(DATABASE_FLAG, DATABASE_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ fedcloud-hub migrate
  $ fedcloud-hub migrate --database postgres://hub@db.example.org/hub --json`,
    )
    .action(async (flags) => {
      const { runMigrate } = await import('./commands/migrate.js');
      const result = await runMigrate(flags);
      if (flags.json) out(JSON.stringify(result));
      else {
        out(
          `${result.database} (${result.dialect}) is up to date${result.applied.length ? `; applied ${result.applied.join(', ')}` : ''}`,
        );
      }
    });

  const roleHelp = `
Roles: federation-admin (no target), site-admin <site>, site-agent <site>, vo-manager <vo>.
The subject is a token's "sub"; for a machine client (client credentials) its client id.`;

  program
    .command('grant')
    .description('give a subject a role, directly in the database (bootstraps the first admins)')
    .argument('<subject>', "the token's sub, or a client id")
    .argument('<role>', 'federation-admin, site-admin, site-agent or vo-manager')
    .argument('[target]', 'site name (site-admin, site-agent) or VO name (vo-manager)')
    .option('--json', 'print the grant as JSON')
    .option(DATABASE_FLAG, DATABASE_HELP)
    .addHelpText(
      'after',
      `${roleHelp}

Examples:
  $ fedcloud-hub grant 1234abcd@egi.eu federation-admin
  $ fedcloud-hub grant agent-iisas site-agent IISAS-FedCloud
  $ fedcloud-hub grant 5678ef@egi.eu vo-manager vo.access.egi.eu --json`,
    )
    .action(async (subject, role, target, flags) => {
      const { runGrant, describeGrant } = await import('./commands/roles.js');
      const result = await runGrant(subject, role, target, flags);
      if (flags.json) out(JSON.stringify(result));
      else out(`${result.created ? 'granted' : 'already granted'}: ${describeGrant(result.grant)}`);
    });

  program
    .command('revoke')
    .description('take a role away from a subject, directly in the database')
    .argument('<subject>', "the token's sub, or a client id")
    .argument('<role>', 'federation-admin, site-admin, site-agent or vo-manager')
    .argument('[target]', 'site or VO name, as granted')
    .option('--json', 'print the revoked grant as JSON')
    .option(DATABASE_FLAG, DATABASE_HELP)
    .addHelpText(
      'after',
      `${roleHelp}

Examples:
  $ fedcloud-hub revoke agent-iisas site-agent IISAS-FedCloud`,
    )
    .action(async (subject, role, target, flags) => {
      const { runRevoke, describeGrant } = await import('./commands/roles.js');
      const grant = await runRevoke(subject, role, target, flags);
      if (flags.json) out(JSON.stringify(grant));
      else out(`revoked: ${describeGrant(grant)}`);
    });

  program
    .command('roles')
    .description('list the role grants in the database')
    .option('--subject <sub>', "only this subject's grants")
    .option('--json', 'print JSON')
    .option(DATABASE_FLAG, DATABASE_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ fedcloud-hub roles
  $ fedcloud-hub roles --subject agent-iisas --json`,
    )
    .action(async (flags) => {
      const { runRoles, describeGrant } = await import('./commands/roles.js');
      const grants = await runRoles(flags.subject, flags);
      if (flags.json) out(JSON.stringify(grants));
      else if (grants.length === 0) out('no role grants');
      else for (const g of grants) out(`${g.id}\t${describeGrant(g)}\t${g.createdAt}`);
    });

  for (const command of program.commands) command.exitOverride();
  return program;
}

// The only place that sets the exit status.
try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has printed the message (or the help / version).
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`fedcloud-hub: ${message}\n`);
    process.exitCode =
      error instanceof HubError && error.code === 'BAD_REQUEST' ? EXIT_USAGE : EXIT_FAILURE;
  }
}
