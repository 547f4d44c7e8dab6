import { Option, type Command } from '@commander-js/extra-typings';
// The subpath, so building --help does not load the whole SDK.
import { NOVA_SERVICE_TYPE } from '@fedcloud/sdk/service-types';
import {
  addOidcOptions,
  addOpenstackAuthOptions,
  addSiteOptions,
  type OidcFlags,
  type SiteFlags,
} from '../../options.js';
import { actionArgs, loadRuntime } from '../../command-args.js';
import type { EndpointListFlags } from './list.js';
import type { ProjectFlags } from './scoped.js';

const SHELL_NOTE = `
The variables print in your shell's syntax (bash/zsh/sh, fish, PowerShell, cmd), detected from
the environment; set FEDCLOUD_SHELL=bash|zsh|fish|powershell|cmd to choose.`;

export function registerEndpoint(program: Command): void {
  const endpoint = program
    .command('endpoint')
    .description("sites' Keystone endpoints, and the projects your token can use there")
    .addHelpText(
      'after',
      `
Examples:
  fedcloud endpoint list
  fedcloud endpoint projects --site ALL_SITES
  fedcloud endpoint vos -a
  eval "$(fedcloud endpoint env --site IISAS-FedCloud --project-id 71dc9c37…)"`,
    );

  addSiteOptions(
    endpoint.command('list').description('Keystone endpoints of the sites (Site, type, URL)'),
    false,
  )
    .addOption(
      new Option('--service-type <type>', 'service type, as in GOCDB').default(NOVA_SERVICE_TYPE),
    )
    .addOption(new Option('--production', 'only production endpoints (default)').default(true))
    .addOption(new Option('--not-production', 'also endpoints not in production'))
    .addOption(new Option('--monitored', 'only monitored endpoints (default)').default(true))
    .addOption(new Option('--not-monitored', 'also endpoints not monitored'))
    .addOption(new Option('--json', 'print a JSON array'))
    .addHelpText(
      'after',
      `
Without --site every site is listed. With a hub (FEDCLOUD_HUB) the endpoints come from its
GOCDB interface (<hub>/gocdbpi/public/), filtered as fedcloudclient filters goc.egi.eu; without,
from the site files, which hold production, monitored Keystone endpoints only.

Examples:
  fedcloud endpoint list
  fedcloud endpoint list --site IISAS-FedCloud
  FEDCLOUD_HUB=https://hub.example.org fedcloud endpoint list --not-production
  fedcloud endpoint list --json | jq -r '.[].url'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<EndpointListFlags & { json?: boolean }>(args);
      const { listEndpoints, renderEndpoints } = await import('./list.js');
      const runtime = await loadRuntime(command);
      renderEndpoints(runtime.ctx, await listEndpoints(runtime, opts), opts.json === true);
    });

  addOidcOptions(
    addSiteOptions(
      endpoint
        .command('projects')
        .description('Keystone projects your token can use (id, Name, enabled, site)'),
    ),
  )
    .addOption(new Option('--json', 'print a JSON array'))
    .addHelpText(
      'after',
      `
Sites that fail are listed on stderr ([WARN] Sites not available: …) and the exit status is 1.

Examples:
  fedcloud endpoint projects --site IISAS-FedCloud
  fedcloud endpoint projects --site ALL_SITES
  fedcloud endpoint projects -a --json | jq -r '.[] | select(.enabled) | .site'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<SiteFlags & OidcFlags & { json?: boolean }>(args);
      const { listProjects, renderProjects } = await import('./projects.js');
      const runtime = await loadRuntime(command);
      renderProjects(runtime.ctx, await listProjects(runtime, opts), opts.json === true);
    });

  addOidcOptions(
    addSiteOptions(
      endpoint
        .command('vos')
        .description('your projects that belong to a VO, with the VO (from the site files)'),
    ),
  )
    .addOption(new Option('--json', 'print a JSON array'))
    .addHelpText(
      'after',
      `
Examples:
  fedcloud endpoint vos --site ALL_SITES
  fedcloud endpoint vos -a --json | jq -r '.[] | "\\(.site) \\(.vo)"'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<SiteFlags & OidcFlags & { json?: boolean }>(args);
      const { listProjects, renderVoProjects } = await import('./vos.js');
      const runtime = await loadRuntime(command);
      renderVoProjects(runtime.ctx, await listProjects(runtime, opts), opts.json === true);
    });

  const projectOption = () =>
    new Option('--project-id <id>', 'Keystone project id').env('OS_PROJECT_ID');

  addOpenstackAuthOptions(
    addOidcOptions(
      addSiteOptions(
        endpoint
          .command('token')
          .description('a Keystone token scoped to a project: export OS_TOKEN="…"'),
      ),
    ),
  )
    .addOption(projectOption())
    .addHelpText(
      'after',
      `${SHELL_NOTE}

Examples:
  eval "$(fedcloud endpoint token --site IISAS-FedCloud --project-id 71dc9c37…)"
  openstack --os-auth-type token --os-token "$OS_TOKEN" …`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<ProjectFlags>(args);
      const { endpointToken } = await import('./token.js');
      const { printEnv } = await import('../../render/env.js');
      const runtime = await loadRuntime(command);
      printEnv(runtime.ctx, await endpointToken(runtime, opts));
    });

  addOpenstackAuthOptions(
    addOidcOptions(
      addSiteOptions(
        endpoint
          .command('env')
          .description('the OS_* variables for openstackclient, for a project at a site'),
      ),
    ),
  )
    .addOption(projectOption())
    .addHelpText(
      'after',
      `${SHELL_NOTE}

Examples:
  eval "$(fedcloud endpoint env --site IISAS-FedCloud --project-id 71dc9c37…)"
  openstack server list`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<ProjectFlags>(args);
      const { endpointEnv } = await import('./env.js');
      const { printEnv } = await import('../../render/env.js');
      const runtime = await loadRuntime(command);
      printEnv(runtime.ctx, await endpointEnv(runtime, opts));
    });
}
