import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subFor } from '../oidc/index.js';
import { type EphemeralSandbox, startEphemeralSandbox } from '../testing/ephemeral.js';

const home = `secrets/users/${subFor('alice')}`;

async function login(sandbox: EphemeralSandbox): Promise<string> {
  const response = await sandbox.fetch(`${sandbox.vaultUrl}/v1/auth/jwt/login`, {
    method: 'POST',
    body: JSON.stringify({ role: '', jwt: await sandbox.tokenFor('alice') }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { auth: { client_token: string } }).auth.client_token;
}

describe('the sandbox Vault over HTTPS', () => {
  let sandbox: EphemeralSandbox;

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ sites: 1 });
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('listens on its own port with the sites’ TLS, under a URL without a trailing slash', async () => {
    expect(sandbox.vaultUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.vaultUrl).not.toBe(sandbox.issuerUrl);
    const health = await sandbox.fetch(`${sandbox.vaultUrl}/v1/sys/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json');
  });

  it('takes the LIST method on the wire, between other requests of one connection', async () => {
    const token = await login(sandbox);
    const send = (method: string, path: string, body?: unknown) =>
      sandbox.fetch(`${sandbox.vaultUrl}/v1/${path}`, {
        method,
        headers: { 'x-vault-token': token },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await send('POST', `${home}/a`, { v: 1 })).status).toBe(204);
    // A body that reads like a LIST request line stays a body.
    expect(
      (await send('POST', `${home}/b`, { text: 'LIST /v1/sys HTTP/1.1\r\n\r\n' })).status,
    ).toBe(204);
    const listed = await send('LIST', `${home}/`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: unknown }).data).toEqual({ keys: ['a', 'b'] });
    const read = await send('GET', `${home}/b`);
    expect(((await read.json()) as { data: unknown }).data).toEqual({
      text: 'LIST /v1/sys HTTP/1.1\r\n\r\n',
    });
    expect((await send('LIST', `${home}/none`)).status).toBe(404);
  });
});

describe('the sandbox Vault across a restart', () => {
  it('keeps tokens and secrets on the same data folder, with no secret in plain on disk', async () => {
    const first = await startEphemeralSandbox({ sites: 1 });
    const dataDir = first.files.dataDir;
    let second: EphemeralSandbox | undefined;
    try {
      const token = await login(first);
      const written = await first.fetch(`${first.vaultUrl}/v1/${home}/disk`, {
        method: 'POST',
        headers: { 'x-vault-token': token },
        body: JSON.stringify({ password: 'plain-text-nowhere-on-disk' }),
      });
      expect(written.status).toBe(204);
      await first.stop();

      for (const file of ['sandbox.db', 'sandbox.db-wal']) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(join(dataDir, file));
        } catch {
          continue;
        }
        expect(bytes.includes(Buffer.from('plain-text-nowhere-on-disk')), file).toBe(false);
        expect(bytes.includes(Buffer.from(token)), file).toBe(false);
      }

      second = await startEphemeralSandbox({ sites: 1, dataDir });
      const read = await second.fetch(`${second.vaultUrl}/v1/${home}/disk`, {
        headers: { 'x-vault-token': token },
      });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { data: unknown }).data).toEqual({
        password: 'plain-text-nowhere-on-disk',
      });
    } finally {
      await (second ?? first).cleanup();
    }
  });
});
