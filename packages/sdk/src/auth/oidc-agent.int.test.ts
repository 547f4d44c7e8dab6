import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isFedcloudError } from '../errors.js';
import { createTokenProvider } from './token-provider.js';

/**
 * A stand-in for oidc-agent: it speaks the agent's IPC protocol (one JSON request, one JSON
 * answer on a UNIX socket) and answers whatever the test sets in `reply`.
 */
let dir: string;
let socketPath: string;
let server: Server;
let requests: Record<string, unknown>[] = [];
let reply: (request: Record<string, unknown>, socket: Socket) => void;
const transport = { timeoutMs: 5_000 };

async function jwt(expiresInSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: 'https://issuer.example', sub: 'someone', exp: now + expiresInSeconds })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .sign(new TextEncoder().encode('a-test-secret-of-enough-length-000'));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-agent-'));
  socketPath = join(dir, 'oidc-agent.sock');
  server = createServer((socket) => {
    socket.once('data', (data) => {
      const request = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      requests.push(request);
      reply(request, socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  requests = [];
});

describe('oidc-agent source', () => {
  it('asks the agent with the account, min_valid_period and application hint', async () => {
    const token = await jwt(3600);
    reply = (_request, socket) => {
      // Sent in two pieces, to show the answer is read until it is complete JSON.
      const text = JSON.stringify({
        status: 'success',
        access_token: token,
        issuer: 'https://issuer.example',
        expires_at: Math.floor(Date.now() / 1000) + 3600,
      });
      socket.write(text.slice(0, 10));
      setTimeout(() => socket.write(text.slice(10)), 20);
    };
    const provider = createTokenProvider(
      { oidcAgentAccount: 'egi', oidcAgentSocket: socketPath },
      { transport },
    );
    expect(provider.kind).toBe('oidc-agent');
    expect(await provider.getAccessToken({ minValidSeconds: 45 })).toBe(token);
    expect(requests).toEqual([
      {
        request: 'access_token',
        account: 'egi',
        min_valid_period: 45,
        application_hint: 'fedcloud',
      },
    ]);
    // Cached: no second request while the token is valid.
    expect(await provider.getAccessToken()).toBe(token);
    expect(requests).toHaveLength(1);
  });

  it('uses expires_at for an opaque token', async () => {
    let count = 0;
    reply = (_request, socket) => {
      count += 1;
      socket.end(
        JSON.stringify({
          status: 'success',
          access_token: `opaque-token-${count}`,
          expires_at: Math.floor(Date.now() / 1000) + 20,
        }),
      );
    };
    const provider = createTokenProvider(
      { oidcAgentAccount: 'egi', oidcAgentSocket: socketPath },
      { transport },
    );
    expect(await provider.getAccessToken({ minValidSeconds: 5 })).toBe('opaque-token-1');
    expect(await provider.getAccessToken({ minValidSeconds: 5 })).toBe('opaque-token-1');
    // 20 s left < 30 s: renewed.
    expect(await provider.getAccessToken({ minValidSeconds: 30 })).toBe('opaque-token-2');
  });

  // The failure answers are oidc-agent 4.2's own words (packages/cli/test/oidc-agent.int.test.ts
  // asks the real agent the same questions).
  it('says which account is not loaded and how to load it', async () => {
    reply = (_request, socket) => {
      socket.end(JSON.stringify({ status: 'failure', error: 'account not loaded' }));
    };
    const provider = createTokenProvider(
      { oidcAgentAccount: 'egi', oidcAgentSocket: socketPath },
      { transport },
    );
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('OIDC_AGENT_FAILED');
    expect((error as Error).message).toBe('oidc-agent has no account "egi" loaded');
    expect(isFedcloudError(error) && error.hint).toContain('`oidc-add egi`');
  });

  it('says the agent is locked and how to unlock it', async () => {
    reply = (_request, socket) => {
      socket.end(JSON.stringify({ status: 'failure', error: 'Agent locked' }));
    };
    const provider = createTokenProvider(
      { oidcAgentAccount: 'egi', oidcAgentSocket: socketPath },
      { transport },
    );
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('OIDC_AGENT_FAILED');
    expect((error as Error).message).toBe('oidc-agent is locked');
    expect(isFedcloudError(error) && error.hint).toContain('oidc-add -X');
  });

  it("passes any other refusal on in the agent's words, with its help", async () => {
    reply = (_request, socket) => {
      socket.end(
        JSON.stringify({
          status: 'failure',
          error: 'invalid_grant: token is not active',
          help: 'run oidc-gen --reauthenticate egi',
        }),
      );
    };
    const provider = createTokenProvider(
      { oidcAgentAccount: 'egi', oidcAgentSocket: socketPath },
      { transport },
    );
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('OIDC_AGENT_FAILED');
    expect((error as Error).message).toBe(
      'oidc-agent refused a token for "egi": invalid_grant: token is not active (run oidc-gen --reauthenticate egi)',
    );
    expect(isFedcloudError(error) && error.hint).toMatch(/oidc-add/);
  });

  it('times out when the agent never answers', async () => {
    reply = () => undefined;
    const provider = createTokenProvider(
      { oidcAgentAccount: 'egi', oidcAgentSocket: socketPath },
      { transport, oidcAgentTimeoutMs: 200 },
    );
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('OIDC_AGENT_FAILED');
    expect((error as Error).message).toMatch(/did not answer/);
  });

  it('says when the socket is missing or OIDC_SOCK is unset', async () => {
    const missing = createTokenProvider(
      { oidcAgentAccount: 'egi', oidcAgentSocket: join(dir, 'nothing.sock') },
      { transport },
    );
    const error = await missing.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('OIDC_AGENT_FAILED');
    expect((error as Error).message).toBe(
      `oidc-agent is not running: no socket at ${join(dir, 'nothing.sock')} (OIDC_SOCK)`,
    );

    const unset = createTokenProvider({ oidcAgentAccount: 'egi' }, { transport });
    const error2 = await unset.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error2) && error2.code).toBe('OIDC_AGENT_FAILED');
    expect((error2 as Error).message).toMatch(/OIDC_SOCK/);
  });

  it('replaces an expired explicit token with one from the agent', async () => {
    const fresh = await jwt(3600);
    reply = (_request, socket) =>
      socket.end(JSON.stringify({ status: 'success', access_token: fresh }));
    const provider = createTokenProvider(
      { accessToken: await jwt(-10), oidcAgentAccount: 'egi', oidcAgentSocket: socketPath },
      { transport },
    );
    expect(await provider.getAccessToken()).toBe(fresh);
  });
});
