/* eslint-disable @typescript-eslint/no-explicit-any --
   These helpers add options to any command; extra-typings cannot carry the added option types
   through a generic helper, so each action names the flags it reads (see actionArgs in runtime.ts). */
import { Option, type Command } from '@commander-js/extra-typings';

/**
 * fedcloudclient 1.4.4's option groups, with the same flags and environment variables, so users'
 * scripts run unchanged. Commander reads the env vars itself (Option.env), and `EGI_SITE` /
 * `EGI_VO` work everywhere (fedcloudclient #150).
 */
export interface OidcFlags {
  oidcAccessToken?: string;
  mytoken?: string;
  mytokenServer?: string;
  oidcAgentAccount?: string;
}

export function addOidcOptions<C extends Command<any, any, any>>(command: C) {
  return command
    .addOption(
      new Option(
        '--oidc-access-token <token>',
        'OIDC access token (prefer the variable: argv is visible to other users)',
      ).env('OIDC_ACCESS_TOKEN'),
    )
    .addOption(
      new Option('--mytoken <mytoken>', 'mytoken to obtain access tokens from').env(
        'FEDCLOUD_MYTOKEN',
      ),
    )
    .addOption(
      new Option('--mytoken-server <url>', 'mytoken server')
        .env('FEDCLOUD_MYTOKEN_SERVER')
        .default('https://mytoken.data.kit.edu'),
    )
    .addOption(
      new Option('--oidc-agent-account <account>', 'oidc-agent account name').env(
        'OIDC_AGENT_ACCOUNT',
      ),
    );
}

export interface SiteFlags {
  site?: string;
  allSites?: boolean;
}

/** `--site NAME`, `--site ALL_SITES` (or ALL-SITES), `-a/--all-sites`; EGI_SITE is the default. */
export function addSiteOptions<C extends Command<any, any, any>>(command: C, required = true) {
  return command
    .addOption(
      new Option('--site <site>', `site name, or ALL_SITES${required ? '' : ' (optional)'}`).env(
        'EGI_SITE',
      ),
    )
    .addOption(new Option('-a, --all-sites', 'all sites (same as --site ALL_SITES)'));
}

export function addVoOption<C extends Command<any, any, any>>(command: C) {
  return command.addOption(
    new Option('--vo <vo>', 'Virtual Organisation, e.g. vo.access.egi.eu').env('EGI_VO'),
  );
}

export interface OpenstackAuthFlags {
  openstackAuthProtocol?: string;
  openstackAuthProvider: string;
  openstackAuthType: string;
}

export function addOpenstackAuthOptions<C extends Command<any, any, any>>(command: C) {
  return command
    .addOption(
      new Option(
        '--openstack-auth-protocol <protocol>',
        "Keystone federation protocol (default: the site's, else openid)",
      ).env('OPENSTACK_AUTH_PROTOCOL'),
    )
    .addOption(
      new Option('--openstack-auth-provider <idp>', 'identity provider registered in Keystone')
        .env('OPENSTACK_AUTH_PROVIDER')
        .default('egi.eu'),
    )
    .addOption(
      new Option('--openstack-auth-type <type>', 'auth type given to the python client')
        .env('OPENSTACK_AUTH_TYPE')
        .default('v3oidcaccesstoken'),
    );
}

export function isAllSites(flags: SiteFlags): boolean {
  return flags.allSites === true || flags.site === 'ALL_SITES' || flags.site === 'ALL-SITES';
}

export interface VaultFlags {
  vaultUrl?: string;
}

/** Where the secret store is: EGI's Vault unless told otherwise (not in fedcloudclient 1.4.4). */
export function addVaultOption<C extends Command<any, any, any>>(command: C) {
  return command.addOption(
    new Option(
      '--vault-url <url>',
      'Vault server (default: https://vault.services.fedcloud.eu:8200)',
    ).env('FEDCLOUD_VAULT_URL'),
  );
}

export interface LockerTokenFlags {
  lockerToken?: string;
}

/** fedcloudclient's `--locker-token`: use a locker instead of your own secrets (no OIDC token). */
export function addLockerTokenOption<C extends Command<any, any, any>>(command: C) {
  return command.addOption(
    new Option(
      '--locker-token <token>',
      'use this locker instead of your own secrets (prefer the variable: argv is visible to others)',
    ).env('FEDCLOUD_LOCKER_TOKEN'),
  );
}
