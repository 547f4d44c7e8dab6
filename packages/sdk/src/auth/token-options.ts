import type { TokenOptions } from './types.js';

export const DEFAULT_MYTOKEN_SERVER = 'https://mytoken.data.kit.edu';
/** fedcloudclient's default OIDC_URL before 1.3 (decorators.py): EGI Check-in's Keycloak realm. */
export const DEFAULT_OIDC_ISSUER = 'https://aai.egi.eu/auth/realms/egi';

/** fedcloudclient's variable for each option (decorators.py@1.4.4; the OIDC_* refresh ones @1.2). */
const ENV_NAMES = {
  accessToken: 'OIDC_ACCESS_TOKEN',
  mytoken: 'FEDCLOUD_MYTOKEN',
  mytokenServer: 'FEDCLOUD_MYTOKEN_SERVER',
  oidcAgentAccount: 'OIDC_AGENT_ACCOUNT',
  oidcAgentSocket: 'OIDC_SOCK',
  refreshToken: 'OIDC_REFRESH_TOKEN',
  clientId: 'OIDC_CLIENT_ID',
  clientSecret: 'OIDC_CLIENT_SECRET',
  issuer: 'OIDC_URL',
} as const satisfies Record<keyof TokenOptions, string>;

/**
 * Reads fedcloudclient's environment variables. Empty values count as unset, as click treats
 * `OIDC_ACCESS_TOKEN=` (a common way to "unset" in a script); surrounding blanks are dropped
 * because tokens pasted into shell files often carry a trailing newline or space.
 */
export function tokenOptionsFromEnv(env: NodeJS.ProcessEnv): TokenOptions {
  const options: TokenOptions = { mytokenServer: DEFAULT_MYTOKEN_SERVER };
  for (const [key, name] of Object.entries(ENV_NAMES) as [keyof TokenOptions, string][]) {
    const value = env[name]?.trim();
    if (value) options[key] = value;
  }
  return options;
}
