import type { Transport } from '@fedcloud/openstack';
import { FedcloudError } from '../errors.js';

/** EGI's secret store (fedcloudclient 1.4.4 secret.py VAULT_ADDR). */
export const DEFAULT_VAULT_URL = 'https://vault.services.fedcloud.eu:8200';

/** Where Vault is and how to reach it: the SDK's transport (CA trust, timeout, --debug). */
export interface VaultConnection {
  /** Vault's base URL, without `/v1`. */
  url: string;
  transport: Transport;
  signal?: AbortSignal;
}

/**
 * `--vault-url`, else FEDCLOUD_VAULT_URL, else EGI's Vault; trailing slashes dropped. A URL
 * with credentials, a query or a non-HTTP scheme is refused: every request sends a token to it.
 */
export function resolveVaultUrl(given: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = [given, env.FEDCLOUD_VAULT_URL]
    .map((v) => v?.trim())
    .find((v) => v !== undefined && v !== '');
  const url = raw ?? DEFAULT_VAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FedcloudError('USAGE', `The Vault URL "${url}" is not a URL`, {
      hint: 'Give --vault-url (or FEDCLOUD_VAULT_URL) like https://vault.services.fedcloud.eu:8200',
    });
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password || parsed.search) {
    throw new FedcloudError(
      'USAGE',
      'The Vault URL must be http(s)://host[:port][/path], without credentials or a query',
      {
        hint: 'Give --vault-url (or FEDCLOUD_VAULT_URL) like https://vault.services.fedcloud.eu:8200',
      },
    );
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/**
 * A path under `/v1/` with each segment percent-encoded as hvac does (`quote`, `/` kept).
 * Dot segments are resolved by the URL, as urllib3 does for fedcloudclient: Vault's policy,
 * not the client, decides what a path may reach.
 */
export function vaultApiUrl(base: string, path: string): string {
  const encoded = path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return new URL(`${base}/v1/${encoded}`).toString();
}
