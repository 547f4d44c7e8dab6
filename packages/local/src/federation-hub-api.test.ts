import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientCredentialsToken, hubAdminApi } from './federation-hub-api.js';

/** Stands in for the issuer's token endpoint and the hub, recording what they were sent. */
let server: Server;
let base: string;
let seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
let answer: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
});
beforeEach(() => {
  seen = [];
});

const reply = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('clientCredentialsToken', () => {
  const client = { clientId: 'fedcloud-hub-admin', clientSecret: 's3cr3t:+/' };

  it('asks with HTTP Basic (form-encoded id and secret) and returns the access token', async () => {
    answer = reply(200, { access_token: 'tok', token_type: 'Bearer', expires_in: 3600 });
    expect(await clientCredentialsToken(fetch, `${base}/token`, client)).toBe('tok');
    const [request] = seen;
    expect(request?.body).toBe('grant_type=client_credentials');
    const basic = Buffer.from(
      (request?.headers.authorization ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString();
    expect(basic).toBe('fedcloud-hub-admin:s3cr3t%3A%2B%2F');
  });

  it("names the client and the issuer's reason, never the secret", async () => {
    answer = reply(401, {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
    const error = await clientCredentialsToken(fetch, `${base}/token`, client).catch(
      (e: unknown) => e as Error,
    );
    expect((error as Error).message).toBe(
      'the issuer refused a token to client fedcloud-hub-admin: invalid_client: client authentication failed',
    );
    expect((error as Error).message).not.toContain(client.clientSecret);
  });
});

describe('hubAdminApi', () => {
  it('reads a site, or undefined when the hub does not know it', async () => {
    answer = (req, res) =>
      req.url === '/api/v1/sites/KNOWN'
        ? reply(200, { name: 'KNOWN', endpoints: [] })(req, res)
        : reply(404, { error: { code: 'NOT_FOUND', message: 'no site' } })(req, res);
    const api = hubAdminApi(base, 'admin-token', fetch);
    expect(await api.site('KNOWN')).toMatchObject({ name: 'KNOWN' });
    expect(await api.site('UNKNOWN')).toBeUndefined();
    expect(seen[0]?.headers.authorization).toBe('Bearer admin-token');
  });

  it('accepts a site or grant that already exists (a second start), and reports a refusal', async () => {
    answer = reply(409, { error: { code: 'CONFLICT', message: 'exists' } });
    const api = hubAdminApi(base, 't', fetch);
    await api.apply({ kind: 'create-site', site: 'A', body: { name: 'A' } });
    await api.apply({
      kind: 'grant',
      site: 'A',
      body: { subject: 'agent-a', role: 'site-agent', target: 'A' },
    });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/v1/sites',
      'POST /api/v1/roles',
    ]);
    expect(JSON.parse(seen[1]?.body ?? '{}')).toEqual({
      subject: 'agent-a',
      role: 'site-agent',
      target: 'A',
    });

    answer = reply(403, { error: { code: 'FORBIDDEN', message: 'only a federation-admin may' } });
    await expect(
      api.apply({
        kind: 'add-endpoint',
        site: 'A',
        body: { serviceType: 'org.openstack.nova', url: 'https://a/v3' },
      }),
    ).rejects.toThrow(
      'the hub refused to add the org.openstack.nova endpoint of A: HTTP 403 only a federation-admin may',
    );
  });
});
