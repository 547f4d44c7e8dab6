import type { Transport } from '@fedcloud/openstack';
import { createTokenProvider, isFedcloudError, tokenOptionsFromEnv } from '@fedcloud/sdk';
import { AgentError } from '../errors.js';
import type { KeystoneCredentials } from '../siteinfo/collect.js';
import { cloudsYamlCandidates, readCloud, type CloudEntry } from './clouds-yaml.js';

export interface CredentialFlags {
  osCloud?: string;
  osUsername?: string;
  osPassword?: string;
  osUserDomainName?: string;
  osAuthType?: string;
  osIdentityProvider?: string;
  osProtocol?: string;
  osAccessToken?: string;
}

export interface ResolvedCredentials {
  keystone: KeystoneCredentials;
  /** Endpoint `Authentication`: the auth type given by --os-auth-type / OS_AUTH_TYPE. */
  authentication?: string;
  /** `cacert` of the clouds.yaml entry, used when --ca-file is not given. */
  caFile?: string;
  /** For the startup line: how the agent logs in (never a secret). */
  description: string;
}

/**
 * The site credentials, as keystoneauth would find them: flags, then OS_* variables, then the
 * clouds.yaml entry named by --os-cloud / OS_CLOUD. A password login when a user name or
 * password is given (or the auth type says password); otherwise an OIDC token from fedcloudclient's
 * sources (OIDC_ACCESS_TOKEN, OIDC_REFRESH_TOKEN + OIDC_CLIENT_ID/OIDC_URL, oidc-agent, mytoken)
 * or the entry's access_token, for a Keystone reached through OS-FEDERATION.
 */
export function resolveCredentials(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv,
  context: { cwd: string; transport: Transport },
): ResolvedCredentials {
  const cloudName = flags.osCloud ?? nonEmpty(env['OS_CLOUD']);
  const cloud: CloudEntry | undefined = cloudName
    ? readCloud(cloudName, cloudsYamlCandidates(env, context.cwd)).cloud
    : undefined;
  const explicitAuthType = flags.osAuthType ?? nonEmpty(env['OS_AUTH_TYPE']);
  const authType = explicitAuthType ?? cloud?.auth_type;
  const username = flags.osUsername ?? nonEmpty(env['OS_USERNAME']) ?? cloud?.auth?.username;
  // Passwords are taken as written: blanks may be part of them.
  const password = flags.osPassword ?? (env['OS_PASSWORD'] || undefined) ?? cloud?.auth?.password;
  const userDomainName =
    flags.osUserDomainName ??
    nonEmpty(env['OS_USER_DOMAIN_NAME']) ??
    cloud?.auth?.user_domain_name ??
    'Default';
  const common = {
    ...(explicitAuthType ? { authentication: explicitAuthType } : {}),
    ...(cloud?.cacert ? { caFile: cloud.cacert } : {}),
  };

  const wantsOidc = authType !== undefined && /oidc|openid/i.test(authType);
  if (!wantsOidc && (username !== undefined || password !== undefined)) {
    if (username === undefined || password === undefined) {
      throw new AgentError(
        'CREDENTIALS_MISSING',
        `password login needs both a user name and a password: ${username === undefined ? 'OS_USERNAME (or --os-username)' : 'OS_PASSWORD'} is missing`,
      );
    }
    return {
      ...common,
      keystone: { username, password, userDomainName },
      description: `Keystone password login as ${username} (domain ${userDomainName})`,
    };
  }

  const tokenOptions = tokenOptionsFromEnv(env);
  // keystoneauth's v3oidcaccesstoken reads --os-access-token / OS_ACCESS_TOKEN, which is how
  // cloud-info-provider is run from cron with a token fetched just before.
  const osAccessToken = flags.osAccessToken ?? nonEmpty(env['OS_ACCESS_TOKEN']);
  if (osAccessToken) tokenOptions.accessToken = osAccessToken;
  else if (!tokenOptions.accessToken && cloud?.auth?.access_token) {
    tokenOptions.accessToken = cloud.auth.access_token;
  }
  let tokens;
  try {
    tokens = createTokenProvider(tokenOptions, { transport: context.transport });
  } catch (error) {
    if (isFedcloudError(error) && error.code === 'TOKEN_MISSING') {
      throw new AgentError(
        'CREDENTIALS_MISSING',
        'no credentials for the site: set OS_USERNAME and OS_PASSWORD (the site reader account), use --os-cloud <name> from clouds.yaml, or give an OIDC token (OS_ACCESS_TOKEN, OIDC_ACCESS_TOKEN, OIDC_REFRESH_TOKEN, OIDC_AGENT_ACCOUNT)',
        { cause: error },
      );
    }
    throw new AgentError('USAGE', (error as Error).message, { cause: error });
  }
  const identityProvider =
    flags.osIdentityProvider ??
    nonEmpty(env['OS_IDENTITY_PROVIDER']) ??
    cloud?.auth?.identity_provider;
  const protocol = flags.osProtocol ?? nonEmpty(env['OS_PROTOCOL']) ?? cloud?.auth?.protocol;
  return {
    ...common,
    keystone: {
      tokens,
      ...(identityProvider ? { identityProvider } : {}),
      ...(protocol ? { protocol } : {}),
    },
    description: `OIDC login (${tokens.kind}) through identity provider ${identityProvider ?? 'egi.eu'}`,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
