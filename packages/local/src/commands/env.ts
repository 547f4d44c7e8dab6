import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunning } from './running.js';
import { issueToken } from './token.js';

/** `KEY='value'` for bash, zsh and sh: single quotes, with any single quote closed and escaped. */
function quoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * What a shell needs to use the running sandbox: where the sites are (the hub, or the sites
 * folder without one), the CA for our CLI (FEDCLOUD_CA_FILE), the Python tools
 * (REQUESTS_CA_BUNDLE) and the openstack client (OS_CACERT), the Vault (FEDCLOUD_VAULT_URL),
 * the mytoken server (FEDCLOUD_MYTOKEN_SERVER) and a fresh access token.
 */
export async function sandboxEnv(
  dataDir: string,
  username: string,
  scope: string,
): Promise<string> {
  const running = await readRunning(dataDir);
  let hub: string | undefined;
  try {
    const federation = JSON.parse(await readFile(join(dataDir, 'federation.json'), 'utf8')) as {
      hub?: unknown;
    };
    if (typeof federation.hub === 'string') hub = federation.hub;
  } catch {
    // Started with --no-hub, or by an older version: the sites folder stands in.
  }
  const token = await issueToken(dataDir, username, scope);
  const vars: [string, string][] = [
    hub ? ['FEDCLOUD_HUB', hub] : ['FEDCLOUD_SITE_CONFIG_DIR', join(dataDir, 'sites.d')],
  ];
  if (running.caFile) {
    vars.push(
      ['FEDCLOUD_CA_FILE', running.caFile],
      ['OS_CACERT', running.caFile],
      ['REQUESTS_CA_BUNDLE', running.caFile],
    );
  }
  if (running.vaultUrl) vars.push(['FEDCLOUD_VAULT_URL', running.vaultUrl]);
  if (running.mytokenUrl) vars.push(['FEDCLOUD_MYTOKEN_SERVER', running.mytokenUrl]);
  vars.push(['OIDC_ACCESS_TOKEN', token]);
  const lines = [
    `# fedcloud sandbox at ${hub ?? running.issuer}, as ${username}; the token expires within the hour`,
    ...vars.map(([name, value]) => `export ${name}=${quoted(value)}`),
  ];
  return `${lines.join('\n')}\n`;
}
