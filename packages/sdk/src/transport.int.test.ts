import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type Transport } from '@fedcloud/openstack';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './transport.js';

let sandbox: EphemeralSandbox;
const made: Transport[] = [];
const transport = (options: Parameters<typeof createTransport>[0]) => {
  const t = createTransport(options);
  made.push(t);
  return t;
};

beforeAll(async () => {
  sandbox = await startEphemeralSandbox({
    sites: 1,
    buildDelayMs: 100,
  });
});

afterAll(async () => {
  for (const t of made) await t.dispatcher?.destroy();
  await sandbox?.cleanup();
});

describe('CA trust', () => {
  const identity = () => sandbox.sites[0]!.identityUrl;

  it('rejects the sandbox certificate without its CA', async () => {
    await expect(
      request(transport({ timeoutMs: 5000 }), { url: identity() }),
    ).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
    });
  });

  it('trusts a CA file', async () => {
    const response = await request(transport({ caFile: sandbox.files.caFile! }), {
      url: identity(),
    });
    expect(response.status).toBe(200);
  });

  it('trusts an IGTF-style CA folder, skipping files that are not certificates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cadir-'));
    await cp(sandbox.files.caDir!, dir, { recursive: true });
    await writeFile(join(dir, 'sandbox.signing_policy'), 'access_id_CA X509 ...');
    await writeFile(join(dir, 'notes.txt'), 'not a certificate');
    const response = await request(transport({ caDir: dir }), { url: identity() });
    expect(response.status).toBe(200);
  });

  it('logs requests without tokens or query strings', async () => {
    const lines: string[] = [];
    const t = transport({ caFile: sandbox.files.caFile!, debug: (line) => lines.push(line) });
    await request(t, { url: `${identity()}?secret=abc123`, token: 'keystone-token-abcdef' });
    const closed = await closedPort();
    await expect(request(t, { url: `https://127.0.0.1:${closed}/v3` })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET https:\/\/127\.0\.0\.1:\d+\/v3\?<redacted> -> 200 \(\d+ ms\)$/);
    expect(lines[1]).toMatch(
      /^GET https:\/\/127\.0\.0\.1:\d+\/v3 -> ERROR ECONNREFUSED \(\d+ ms\)$/,
    );
    expect(lines.join('\n')).not.toMatch(/abc123|keystone-token/);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
