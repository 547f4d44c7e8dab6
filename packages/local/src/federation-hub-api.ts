import type { RoleGrantEntry, SiteDetail } from '@fedcloud/hub/api-types';
import type { RegistrationStep } from './federation-plan.js';

/**
 * The few calls of the hub's native API (/api/v1) that registering the sandbox's sites needs,
 * as the hub's administrator client. Errors carry the hub's own `{"error": {message}}`.
 */
export interface HubAdminApi {
  site(name: string): Promise<SiteDetail | undefined>;
  grants(): Promise<RoleGrantEntry[]>;
  apply(step: RegistrationStep): Promise<void>;
}

const TIMEOUT_MS = 15_000;

export function hubAdminApi(hubUrl: string, token: string, fetchFn: typeof fetch): HubAdminApi {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetchFn(`${hubUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return response;
  };
  const expect = async (response: Response, what: string, ok: number[]): Promise<unknown> => {
    const text = await response.text();
    if (ok.includes(response.status)) return text ? (JSON.parse(text) as unknown) : undefined;
    let reason = text.slice(0, 200);
    try {
      const parsed = JSON.parse(text) as { error?: { message?: string } };
      if (parsed.error?.message) reason = parsed.error.message;
    } catch {
      // not the hub's JSON error body; the start of the text says enough
    }
    throw new Error(`the hub refused to ${what}: HTTP ${response.status} ${reason}`);
  };
  const sitePath = (name: string) => `/api/v1/sites/${encodeURIComponent(name)}`;

  return {
    async site(name) {
      const response = await call('GET', sitePath(name));
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      return (await expect(response, `show site ${name}`, [200])) as SiteDetail;
    },
    async grants() {
      return (await expect(
        await call('GET', '/api/v1/roles'),
        'list the role grants',
        [200],
      )) as RoleGrantEntry[];
    },
    async apply(step) {
      switch (step.kind) {
        case 'create-site':
          // 409: registered meanwhile by another start on the same data folder; that is fine.
          await expect(
            await call('POST', '/api/v1/sites', step.body),
            `register ${step.site}`,
            [201, 409],
          );
          return;
        case 'update-site':
          await expect(
            await call('PATCH', sitePath(step.site), step.body),
            `update ${step.site}`,
            [200],
          );
          return;
        case 'add-endpoint':
          await expect(
            await call('POST', `${sitePath(step.site)}/endpoints`, step.body),
            `add the ${step.body.serviceType} endpoint of ${step.site}`,
            [201],
          );
          return;
        case 'update-endpoint':
          await expect(
            await call('PATCH', `/api/v1/endpoints/${step.id}`, step.body),
            `update endpoint ${step.id} of ${step.site}`,
            [200],
          );
          return;
        case 'grant':
          await expect(
            await call('POST', '/api/v1/roles', step.body),
            `grant site-agent(${step.site}) to ${step.body.subject}`,
            [201, 409],
          );
          return;
      }
    },
  };
}

/**
 * An access token for a confidential client (RFC 6749 §4.4), client id and secret in HTTP Basic
 * (form-encoded first, as §2.3.1 asks). The secret and the token never appear in an error.
 */
export async function clientCredentialsToken(
  fetchFn: typeof fetch,
  tokenEndpoint: string,
  client: { clientId: string; clientSecret: string },
): Promise<string> {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  const basic = Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString(
    'base64',
  );
  const response = await fetchFn(tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || typeof body.access_token !== 'string') {
    const reason = [body.error ?? `HTTP ${response.status}`, body.error_description]
      .filter(Boolean)
      .join(': ');
    throw new Error(`the issuer refused a token to client ${client.clientId}: ${reason}`);
  }
  return body.access_token;
}
