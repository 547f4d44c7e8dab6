import { Option, type Command } from '@commander-js/extra-typings';
import { actionArgs, loadRuntime } from '../../command-args.js';
import { addOidcOptions } from '../../options.js';

const FORMATS = ['table', 'json', 'csv'] as const;
const GROUPS = 'site, vo, user, month, status, image, cpu';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command, as in options.ts
const hubOption = <C extends Command<any, any, any>>(command: C) =>
  command.addOption(
    new Option('--hub <url>', "the hub's base URL (accounting is read from the hub)").env(
      'FEDCLOUD_HUB',
    ),
  );

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command, as in options.ts
const formatOption = <C extends Command<any, any, any>>(command: C) =>
  command.addOption(
    new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'),
  );

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command, as in options.ts
const monthOptions = <C extends Command<any, any, any>>(command: C) =>
  command
    .addOption(new Option('--from <month>', 'first month, YYYY-MM (included)'))
    .addOption(new Option('--to <month>', 'last month, YYYY-MM (included)'));

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/**
 * `fedcloud accounting`: the hub's accounting repository (the APEL portal's role). Usage is the
 * default verb, so `fedcloud accounting --vo X` reads usage; `sites` and `export` sit beside it
 * (as subcommands of their own, so each takes its own --site).
 */
export function registerAccounting(program: Command): void {
  const accounting = program
    .command('accounting')
    .description("the federation's usage from the hub's accounting repository (APEL's role)")
    .addHelpText(
      'after',
      `
Usage is summed per site, VO, user and month from the APEL cloud records the sites send. Anyone
sees the totals per site, VO and month; per-user (and status, image, CPU-count) usage needs a
token of someone who answers for it: the user themself (--mine), a VO manager (--vo), a site
admin (--site) or a federation admin. A token is sent whenever one is configured.

Examples:
  fedcloud accounting                                    # the federation, per month
  fedcloud accounting --group-by site,vo --from 2026-01 --to 2026-03
  fedcloud accounting --mine --group-by site,month       # your own usage
  fedcloud accounting --vo vo.access.egi.eu --group-by user -f csv > users.csv
  fedcloud accounting sites                              # when each site last sent records
  fedcloud accounting export --site IISAS-FedCloud --from 2026-01 > summaries.txt

\`fedcloud accounting usage --help\` lists the flags of the default verb.`,
    );

  const usage = accounting
    .command('usage', { isDefault: true })
    .description('usage summed per group: wall and CPU hours, VMs (the default verb)')
    .addOption(new Option('--site <site>', 'only this site').env('EGI_SITE'))
    .addOption(new Option('--vo <vo>', 'only this VO').env('EGI_VO'))
    .addOption(
      new Option('--user <name>', "only this user (GlobalUserName: a federated user's token sub)"),
    )
    .addOption(new Option('--mine', "only your own usage (your token's sub)"));
  addOidcOptions(
    hubOption(
      formatOption(
        monthOptions(usage).addOption(
          new Option(
            '--group-by <dimensions>',
            `group by any of ${GROUPS}; repeat it or give a comma list (default: month)`,
          ).argParser(collect),
        ),
      ),
    ),
  )
    .addHelpText(
      'after',
      `
VMs counts a VM once in every month (and group) it ran in, as APEL's NumberOfVMs does; wall and
CPU hours are what the VMs used in each month (the difference of cASO's cumulative figures).
-f json and -f csv give every figure of the hub: seconds and hours, VMs, memory (MB) and disk (GB)
summed over the VM-months.

Examples:
  fedcloud accounting --group-by site --group-by vo
  fedcloud accounting --site IISAS-FedCloud --group-by user,month     # a site admin
  fedcloud accounting --vo vo.access.egi.eu --group-by user -f json | jq -r '.[] | [.user, .cpuHours] | @tsv'
  FEDCLOUD_HUB=https://hub.example.org fedcloud accounting --from 2026-01 -f csv`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<
        import('./usage.js').AccountingUsageFlags & { format: (typeof FORMATS)[number] }
      >(args);
      const { readUsage, renderUsageResult } = await import('./usage.js');
      const runtime = await loadRuntime(command);
      renderUsageResult(runtime.ctx, await readUsage(runtime, opts), opts.format);
    });

  hubOption(
    formatOption(
      accounting
        .command('sites')
        .description('each site: records and VMs stored, when its last record arrived'),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  fedcloud accounting sites
  fedcloud accounting sites -f json | jq -r '.[] | select(.lastReceivedAt == null) | .site'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<{ hub?: string; format: (typeof FORMATS)[number] }>(
        args,
      );
      const { listAccountingSites, renderSites } = await import('./sites.js');
      const runtime = await loadRuntime(command);
      renderSites(runtime.ctx, await listAccountingSites(runtime, opts), opts.format);
    });

  const exporter = accounting
    .command('export')
    .description(
      'the summaries as one APEL-cloud-summary-message v0.4 (site admin or federation admin)',
    )
    .addOption(
      new Option('--site <site>', 'only this site (needed unless federation admin)').env(
        'EGI_SITE',
      ),
    );
  addOidcOptions(hubOption(monthOptions(exporter)))
    .addHelpText(
      'after',
      `
The message is what an APEL server sends on to the central repository, user names included,
so it needs a token of a site admin of --site, or of a federation admin for every site.

Examples:
  fedcloud accounting export --site IISAS-FedCloud --from 2026-01 --to 2026-01
  fedcloud accounting export --from 2026-02 > summaries.txt       # a federation admin`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./export.js').ExportFlags>(args);
      const { exportSummaries, renderExport } = await import('./export.js');
      const runtime = await loadRuntime(command);
      renderExport(runtime.ctx, await exportSummaries(runtime, opts));
    });
}
