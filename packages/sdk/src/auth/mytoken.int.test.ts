import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isFedcloudError } from '../errors.js';
import { decodeAccessToken } from './decode.js';
import { createTokenProvider } from './token-provider.js';

/**
 * A stand-in for a mytoken server (an external service): it checks the mytoken and mints the
 * access token by asking the sandbox issuer for one, as a real server asks its OP.
 */
const TTL = 12;
let sandbox: EphemeralSandbox;
let server: Server;
let base: string;
let discovery = true;
let rotate = false;
let valid = new Set<string>();
let posts: { path: string; body: Record<string, unknown> }[] = [];

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', base).pathname;
  if (req.method === 'GET' && path === '/.well-known/mytoken-configuration' && discovery) {
    send(res, 200, { issuer: base, access_token_endpoint: `${base}/custom/token/access` });
    return;
  }
  if (
    req.method === 'POST' &&
    (path === '/custom/token/access' || path === '/api/v0/token/access')
  ) {
    const body = await readJson(req);
    posts.push({ path, body });
    const mytoken = String(body['mytoken']);
    if (body['grant_type'] !== 'mytoken' || !valid.has(mytoken)) {
      // Real servers rarely echo the credential; this one does, to prove we scrub it.
      send(res, 401, {
        error: 'invalid_token',
        error_description: `mytoken ${mytoken} is revoked`,
      });
      return;
    }
    const accessToken = await sandbox.tokenFor('alice');
    const answer: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: TTL,
    };
    if (rotate) {
      valid.delete(mytoken);
      const next = `${mytoken}-next`;
      valid.add(next);
      answer['token_updated'] = { mytoken: next };
    }
    send(res, 200, answer);
    return;
  }
  send(res, 404, { error: 'not_found' });
}

beforeAll(async () => {
  sandbox = await startEphemeralSandbox({
    sites: 1,
    accessTokenTtlSeconds: TTL,
  });
  server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await sandbox?.cleanup();
});

beforeEach(() => {
  discovery = true;
  rotate = false;
  valid = new Set(['mt-alice-0123456789']);
  posts = [];
});

const transport = { timeoutMs: 10_000 };

describe('mytoken source', () => {
  it('uses the access_token_endpoint the server publishes', async () => {
    const provider = createTokenProvider(
      { mytoken: 'mt-alice-0123456789', mytokenServer: `${base}/` },
      { transport },
    );
    expect(provider.kind).toBe('mytoken');
    const token = await provider.getAccessToken({ minValidSeconds: 5 });
    expect(decodeAccessToken(token).issuer).toBe(sandbox.issuerUrl);
    expect(posts).toEqual([
      {
        path: '/custom/token/access',
        body: { grant_type: 'mytoken', mytoken: 'mt-alice-0123456789' },
      },
    ]);
    // Cached while valid; renewed when more than the lifetime is asked for.
    expect(await provider.getAccessToken({ minValidSeconds: 5 })).toBe(token);
    await provider.getAccessToken({ minValidSeconds: TTL + 30 });
    expect(posts).toHaveLength(2);
  });

  it('falls back to /api/v0/token/access without a discovery document', async () => {
    discovery = false;
    const provider = createTokenProvider(
      { mytoken: 'mt-alice-0123456789', mytokenServer: base },
      { transport },
    );
    await provider.getAccessToken();
    expect(posts.map((p) => p.path)).toEqual(['/api/v0/token/access']);
  });

  it('keeps a rotated mytoken for the next renewal', async () => {
    rotate = true;
    const provider = createTokenProvider(
      { mytoken: 'mt-alice-0123456789', mytokenServer: base },
      { transport },
    );
    await provider.getAccessToken({ minValidSeconds: TTL + 30 });
    await provider.getAccessToken({ minValidSeconds: TTL + 30 });
    expect(posts.map((p) => p.body['mytoken'])).toEqual([
      'mt-alice-0123456789',
      'mt-alice-0123456789-next',
    ]);
  });

  it('reports a refused mytoken as MYTOKEN_FAILED without its value', async () => {
    const secret = 'mt-revoked-9876543210';
    const provider = createTokenProvider({ mytoken: secret, mytokenServer: base }, { transport });
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('MYTOKEN_FAILED');
    expect(isFedcloudError(error) && error.details?.['status']).toBe(401);
    expect((error as Error).message).toContain('is revoked');
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(secret);
  });

  it('takes over from an expired explicit token', async () => {
    const expired = await sandbox.issuer.signAccessTokenForTests({
      sub: 'someone',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const provider = createTokenProvider(
      { accessToken: expired, mytoken: 'mt-alice-0123456789', mytokenServer: base },
      { transport },
    );
    expect(provider.kind).toBe('access-token');
    const token = await provider.getAccessToken({ minValidSeconds: 5 });
    expect(token).not.toBe(expired);
    expect(posts).toHaveLength(1);
  });
});
