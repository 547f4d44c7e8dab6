import type { RoleGrantEntry, SiteDetail, VoInput } from '@fedcloud/hub/api-types';
import { callHub, hubError, type HubAnswer } from '@fedcloud/sdk/hub';
import { parseImageList, type ImageList } from '@fedcloud/sdk/image-list';
import type { RegistrationStep } from './federation-plan.js';

/**
 * The few calls of the hub's native API (/api/v1) that registering the sandbox's sites needs,
 * as the hub's administrator client. Errors carry the hub's own `{"error": {message}}`.
 */
export interface HubAdminApi {
  site(name: string): Promise<SiteDetail | undefined>;
  grants(): Promise<RoleGrantEntry[]>;
  apply(step: RegistrationStep): Promise<void>;
  /** Registers the VO unless it is (what its image list needs). */
  ensureVo(vo: VoInput): Promise<void>;
  /** The VO's published image list as JSON; undefined when it has none. */
  imageList(vo: string): Promise<ImageList | undefined>;
  /** Publishes the VO's signed list (public), as a VO manager's `fedcloud image-list publish`. */
  publishImageList(vo: string, signed: Buffer): Promise<void>;
}

const TIMEOUT_MS = 15_000;

export function hubAdminApi(hubUrl: string, token: string, fetchFn: typeof fetch): HubAdminApi {
  const call = (method: string, path: string, body?: unknown): Promise<HubAnswer> =>
    callHub({ hubUrl, path, method, token, body, fetch: fetchFn, timeoutMs: TIMEOUT_MS });
  const expect = (answer: HubAnswer, what: string, ok: number[]): unknown => {
    if (ok.includes(answer.status))
      return answer.text ? (JSON.parse(answer.text) as unknown) : undefined;
    throw new Error(
      `the hub refused to ${what}: HTTP ${answer.status} ${hubError(answer.text).message}`,
    );
  };
  const sitePath = (name: string) => `/api/v1/sites/${encodeURIComponent(name)}`;
  const listPath = (vo: string) => `/api/v1/vos/${encodeURIComponent(vo)}/image-list`;

  return {
    async site(name) {
      const answer = await call('GET', sitePath(name));
      if (answer.status === 404) return undefined;
      return expect(answer, `show site ${name}`, [200]) as SiteDetail;
    },
    async grants() {
      return expect(
        await call('GET', '/api/v1/roles'),
        'list the role grants',
        [200],
      ) as RoleGrantEntry[];
    },
    async ensureVo(vo) {
      // 409: registered already, by an earlier start or by hand; its record is left as it is.
      expect(await call('POST', '/api/v1/vos', vo), `register VO ${vo.name}`, [201, 409]);
    },
    async imageList(vo) {
      const answer = await call('GET', `${listPath(vo)}.json`);
      if (answer.status === 404) return undefined;
      return parseImageList(JSON.stringify(expect(answer, `read the list of ${vo}`, [200])));
    },
    async publishImageList(vo, signed) {
      const answer = await callHub({
        hubUrl,
        path: `${listPath(vo)}?visibility=public`,
        method: 'PUT',
        token,
        body: signed,
        contentType: 'text/plain',
        fetch: fetchFn,
        timeoutMs: TIMEOUT_MS,
      });
      expect(answer, `publish the image list of ${vo}`, [200]);
    },
    async apply(step) {
      switch (step.kind) {
        case 'create-site':
          // 409: registered meanwhile by another start on the same data folder; that is fine.
          expect(
            await call('POST', '/api/v1/sites', step.body),
            `register ${step.site}`,
            [201, 409],
          );
          return;
        case 'update-site':
          expect(await call('PATCH', sitePath(step.site), step.body), `update ${step.site}`, [200]);
          return;
        case 'add-endpoint':
          expect(
            await call('POST', `${sitePath(step.site)}/endpoints`, step.body),
            `add the ${step.body.serviceType} endpoint of ${step.site}`,
            [201],
          );
          return;
        case 'update-endpoint':
          expect(
            await call('PATCH', `/api/v1/endpoints/${step.id}`, step.body),
            `update endpoint ${step.id} of ${step.site}`,
            [200],
          );
          return;
        case 'grant':
          expect(
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
