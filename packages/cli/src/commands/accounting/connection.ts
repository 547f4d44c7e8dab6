import { decodeAccessToken, FedcloudError, isFedcloudError, normalizeHubUrl } from '@fedcloud/sdk';
import type { AccountingConnection } from '@fedcloud/sdk/hub';
import type { OidcFlags } from '../../options.js';
import type { Runtime } from '../../runtime.js';

export interface HubFlags {
  /** --hub, else FEDCLOUD_HUB (commander folds the variable in). */
  hub?: string;
}

/** The hub named by --hub / FEDCLOUD_HUB; accounting has no site-file fallback. */
export function accountingHub(flags: HubFlags): string {
  const hub = flags.hub?.trim();
  if (!hub) {
    throw new FedcloudError('USAGE', 'No hub given: accounting is read from the hub', {
      hint: 'Set FEDCLOUD_HUB (or give --hub) to the hub\'s base URL, e.g. https://hub.example.org; `eval "$(npx fedcloud-sandbox env)"` sets it for the local sandbox.',
    });
  }
  return normalizeHubUrl(hub);
}

/**
 * The configured token, or none when no source is configured at all: the public totals need
 * none. A source that is configured but fails (expired, oidc-agent down) is an error, not a
 * quiet fallback to the public view.
 */
async function optionalToken(runtime: Runtime, flags: OidcFlags): Promise<string | undefined> {
  let provider;
  try {
    provider = runtime.tokens(flags);
  } catch (error) {
    if (isFedcloudError(error) && error.code === 'TOKEN_MISSING') return undefined;
    throw error;
  }
  return provider.getAccessToken();
}

export async function accountingConnection(
  runtime: Runtime,
  flags: HubFlags & OidcFlags,
  options: { tokenRequired?: boolean } = {},
): Promise<AccountingConnection> {
  const hubUrl = accountingHub(flags);
  const token = options.tokenRequired
    ? await runtime.tokens(flags).getAccessToken()
    : await optionalToken(runtime, flags);
  return {
    hubUrl,
    fetch: runtime.fetch,
    timeoutMs: runtime.timeoutMs,
    ...(token === undefined ? {} : { token }),
  };
}

/** The token's subject: the name a federated user's usage is filed under (--mine). */
export function tokenSubject(token: string): string {
  const { subject } = decodeAccessToken(token);
  if (!subject) {
    throw new FedcloudError('TOKEN_INVALID', 'The access token has no subject (sub claim)', {
      hint: 'Give --user with the name your usage is filed under instead of --mine.',
    });
  }
  return subject;
}
