import { Option, type Command } from '@commander-js/extra-typings';
import {
  addOidcOptions,
  addOpenstackAuthOptions,
  addSiteOptions,
  addVoOption,
  type OidcFlags,
  type OpenstackAuthFlags,
  type SiteFlags,
} from '../../options.js';
import { actionArgs, loadRuntime } from '../../command-args.js';
import type { SiteVoFlags } from './env.js';

const SHELL_NOTE = `
The variables print in your shell's syntax (bash/zsh/sh, fish, PowerShell, cmd), detected from
the environment; set FEDCLOUD_SHELL=bash|zsh|fish|powershell|cmd to choose.`;

export function registerSite(program: Command): void {
  const site = program
    .command('site')
    .description('the sites of the EGI Federated Cloud and their VO projects (hub or site files)')
    .addHelpText(
      'after',
      `
Sites come from the hub named by FEDCLOUD_HUB (its list is cached FEDCLOUD_HUB_TTL seconds,
default 300; 0 asks every time), with the site files as fallback when it is down; without a
hub, from FEDCLOUD_SITE_CONFIG_DIR, else ~/.config/fedcloud/site-config/*.yaml.

Examples:
  fedcloud site list --vo vo.access.egi.eu
  fedcloud site show --site IISAS-FedCloud
  eval "$(fedcloud site env --site IISAS-FedCloud --vo vo.access.egi.eu)"`,
    );

  addVoOption(site.command('list').description('site names, one per line'))
    .addOption(new Option('--json', 'print a JSON array of sites (with the source of each)'))
    .addOption(new Option('--refresh', 'ask the hub now instead of using its cached list'))
    .addHelpText(
      'after',
      `
Examples:
  fedcloud site list
  fedcloud site list --vo vo.access.egi.eu
  FEDCLOUD_HUB=https://is.cloud.egi.eu fedcloud site list --refresh
  fedcloud site list --json | jq -r '.[] | select(.vos | index("fedcloud.egi.eu")) | .name'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<{ vo?: string; json?: boolean; refresh?: boolean }>(
        args,
      );
      const { listSites, renderSiteList } = await import('./list.js');
      const runtime = await loadRuntime(command);
      renderSiteList(runtime.ctx, await listSites(runtime, opts), opts.json === true);
    });

  addSiteOptions(site.command('show').description("a site's configuration, as YAML"))
    .addHelpText(
      'after',
      `
Examples:
  fedcloud site show --site IISAS-FedCloud
  fedcloud site show --site ALL_SITES`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<SiteFlags>(args);
      const { showSites, renderSiteYaml } = await import('./show.js');
      const runtime = await loadRuntime(command);
      renderSiteYaml(runtime.ctx, await showSites(runtime, opts));
    });

  addVoOption(
    addSiteOptions(
      site
        .command('show-project-id')
        .description("the VO's project at a site: OS_AUTH_URL and OS_PROJECT_ID"),
    ),
  )
    .addHelpText(
      'after',
      `${SHELL_NOTE}

Examples:
  fedcloud site show-project-id --site IISAS-FedCloud --vo vo.access.egi.eu
  eval "$(fedcloud site show-project-id --site IISAS-FedCloud --vo vo.access.egi.eu)"`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<SiteVoFlags>(args);
      const { showProjectId } = await import('./env.js');
      const { printEnv } = await import('../../render/env.js');
      const runtime = await loadRuntime(command);
      printEnv(runtime.ctx, await showProjectId(runtime, opts));
    });

  addOpenstackAuthOptions(
    addOidcOptions(
      addVoOption(
        addSiteOptions(
          site
            .command('env')
            .description("the OS_* variables for openstackclient, for a VO's project at a site"),
        ),
      ),
    ),
  )
    .addHelpText(
      'after',
      `${SHELL_NOTE}

Examples:
  eval "$(fedcloud site env --site IISAS-FedCloud --vo vo.access.egi.eu)"
  openstack server list
  FEDCLOUD_SHELL=fish fedcloud site env --site IISAS-FedCloud --vo vo.access.egi.eu | source`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<SiteVoFlags & OidcFlags & Partial<OpenstackAuthFlags>>(
        args,
      );
      const { siteEnv } = await import('./env.js');
      const { printEnv } = await import('../../render/env.js');
      const runtime = await loadRuntime(command);
      printEnv(runtime.ctx, await siteEnv(runtime, opts));
    });

  site
    .command('save-config')
    .description('save the sites to ~/.config/fedcloud/site-config (or write a clouds.yaml)')
    .addOption(
      new Option(
        '--clouds-yaml [file]',
        'instead, write one cloud per site and VO (<site>-<vo>) to a clouds.yaml ' +
          '(default ~/.config/openstack/clouds.yaml; other clouds in it are kept)',
      ),
    )
    .addHelpText(
      'after',
      `
save-config removes the *.yaml files in ~/.config/fedcloud/site-config first. That folder is
then read by every command instead of FEDCLOUD_SITE_CONFIG_DIR's default; delete it to go back.

Examples:
  fedcloud site save-config
  fedcloud site save-config --clouds-yaml
  fedcloud site save-config --clouds-yaml ./clouds.yaml
  openstack --os-cloud iisas-fedcloud-vo.access.egi.eu --os-access-token "$OIDC_ACCESS_TOKEN" server list`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<{ cloudsYaml?: string | boolean }>(args);
      const save = await import('./save-config.js');
      const runtime = await loadRuntime(command);
      const result =
        opts.cloudsYaml === undefined
          ? await save.saveSiteConfig(runtime)
          : await save.saveCloudsYaml(
              runtime,
              typeof opts.cloudsYaml === 'string'
                ? opts.cloudsYaml
                : save.defaultCloudsYaml(runtime.ctx.env),
              runtime.caFile ? { caFile: runtime.caFile } : {},
            );
      save.renderSaveResult(runtime.ctx, result);
    });
}
