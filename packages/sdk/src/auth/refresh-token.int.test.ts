import { readFile } from 'node:fs/promises';
import type { Transport } from '@fedcloud/openstack';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFedcloudError } from '../errors.js';
import { decodeAccessToken } from './decode.js';
import { createTokenProvider } from './token-provider.js';

const TTL = 12;
const SCOPE = 'openid profile email eduperson_entitlement offline_access';

let sandbox: EphemeralSandbox;
let agent: Agent;
let clientId: string;
/** Requests that reached the issuer's token endpoint through `countingTransport`. */
let tokenRequests = 0;

function countingTransport(): Transport {
  const fetchFn = ((url: string, init?: RequestInit) => {
    if (url.endsWith('/token')) tokenRequests += 1;
    return undiciFetch(url, init as Parameters<typeof undiciFetch>[1]);
  }) as unknown as typeof fetch;
  return { fetch: fetchFn, dispatcher: agent, timeoutMs: 15_000 };
}

async function refreshTokenFor(username: string): Promise<string> {
  const users = JSON.parse(await readFile(sandbox.files.usersFile, 'utf8')) as {
    tokenEndpoint: string;
    clientId: string;
    users: { username: string; password: string }[];
  };
  const user = users.users.find((u) => u.username === username)!;
  const response = await sandbox.fetch(users.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username,
      password: user.password,
      scope: SCOPE,
      client_id: users.clientId,
    }),
  });
  const body = (await response.json()) as { refresh_token?: string };
  expect(body.refresh_token).toBeTruthy();
  return body.refresh_token!;
}

beforeAll(async () => {
  sandbox = await startEphemeralSandbox({
    sites: 1,
    accessTokenTtlSeconds: TTL,
  });
  agent = new Agent({ connect: { ca: await readFile(sandbox.files.caFile!, 'utf8') } });
  clientId = (JSON.parse(await readFile(sandbox.files.usersFile, 'utf8')) as { clientId: string })
    .clientId;
});

afterAll(async () => {
  await agent?.close();
  await sandbox?.cleanup();
});

describe('refresh token source against the sandbox issuer', () => {
  it('gets an access token, keeps it while valid and renews it near expiry', async () => {
    const provider = createTokenProvider(
      { refreshToken: await refreshTokenFor('alice'), clientId, issuer: sandbox.issuerUrl },
      { transport: countingTransport() },
    );
    expect(provider.kind).toBe('refresh-token');
    expect(provider.refreshable).toBe(true);
    tokenRequests = 0;

    const first = await provider.getAccessToken({ minValidSeconds: 5 });
    const decoded = decodeAccessToken(first);
    expect(decoded.issuer).toBe(sandbox.issuerUrl);
    expect(decoded.claims['scope']).toContain('openid');
    expect(tokenRequests).toBe(1);

    // Still 5+ s left: the cached token, no request.
    expect(await provider.getAccessToken({ minValidSeconds: 5 })).toBe(first);
    expect(tokenRequests).toBe(1);

    // Asking for more than the issuer's lifetime forces a renewal each time; the second one only
    // works if the rotated refresh token from the first was kept.
    const second = await provider.getAccessToken({ minValidSeconds: TTL + 60 });
    const third = await provider.getAccessToken({ minValidSeconds: TTL + 60 });
    expect(new Set([first, second, third]).size).toBe(3);
    expect(tokenRequests).toBe(3);
  });

  it('replaces an explicit token near its expiry with a refreshed one', async () => {
    const explicit = await sandbox.tokenFor('alice');
    const provider = createTokenProvider(
      {
        accessToken: explicit,
        refreshToken: await refreshTokenFor('alice'),
        clientId,
        issuer: sandbox.issuerUrl,
      },
      { transport: countingTransport() },
    );
    expect(provider.kind).toBe('access-token');
    expect(provider.refreshable).toBe(true);
    tokenRequests = 0;
    // The explicit token is used while it has the asked-for time left.
    expect(await provider.getAccessToken({ minValidSeconds: 1 })).toBe(explicit);
    expect(tokenRequests).toBe(0);
    // Default minValidSeconds is 30 > TTL: the explicit one is "near expiry".
    const renewed = await provider.getAccessToken();
    expect(renewed).not.toBe(explicit);
    expect(decodeAccessToken(renewed).subject).toBe(decodeAccessToken(explicit).subject);
    expect(tokenRequests).toBe(1);
  });

  it('makes ONE renewal for 20 concurrent callers', async () => {
    const provider = createTokenProvider(
      { refreshToken: await refreshTokenFor('bob'), clientId, issuer: sandbox.issuerUrl },
      { transport: countingTransport() },
    );
    // Discovery first, so that only token requests are counted below.
    await provider.getAccessToken({ minValidSeconds: 1 });
    tokenRequests = 0;
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => provider.getAccessToken({ minValidSeconds: TTL + 60 })),
    );
    expect(tokenRequests).toBe(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it('reports a refused refresh token as TOKEN_REFRESH_FAILED without its value', async () => {
    const bogus = 'not-a-real-refresh-token-0123456789';
    const provider = createTokenProvider(
      { refreshToken: bogus, clientId, issuer: sandbox.issuerUrl },
      { transport: countingTransport() },
    );
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('TOKEN_REFRESH_FAILED');
    expect(String((error as Error).message)).toMatch(/invalid_grant/);
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(bogus);
  });

  it('fails with TOKEN_REFRESH_FAILED when the issuer CA is not trusted', async () => {
    const provider = createTokenProvider(
      { refreshToken: 'whatever-refresh-token', clientId, issuer: sandbox.issuerUrl },
      { transport: { timeoutMs: 5_000 } },
    );
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('TOKEN_REFRESH_FAILED');
    expect((error as Error).message).toMatch(/Discovery/);
  });
});
