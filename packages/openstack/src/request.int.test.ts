import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { downloadImageData, uploadImageData } from './image/data.js';
import { request } from './request.js';
import { scopedAuth } from './testing/fake-fetch.js';

/**
 * The default transport (undici's own fetch and an undici Agent) against a real socket on
 * loopback: what the fake fetch of the unit tests cannot show.
 */
let server: Server;
let base: string;
const uploads: { length: string | undefined; body: string }[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/slow') return;
    if (req.method === 'PUT') {
      uploads.push({
        length: req.headers['content-length'],
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(204).end();
      return;
    }
    if (req.url?.endsWith('/file')) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end('downloaded-bytes');
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ token: req.headers['x-auth-token'] }));
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('default transport over a real socket', () => {
  it('JSON round trip through an undici Agent', async () => {
    const dispatcher = new Agent({ connections: 1 });
    const response = await request({ dispatcher }, { url: `${base}/x`, token: 'tok-abcdef' });
    expect(response.data).toEqual({ token: 'tok-abcdef' });
    await dispatcher.close();
  });

  it('streams a Node Readable upload with and without a size, and downloads', async () => {
    const catalog = [{ type: 'image', endpoints: [{ interface: 'public', url: base }] }];
    const client = createClient({ auth: scopedAuth({ catalog }) });
    await uploadImageData(client, 'i1', Readable.from([Buffer.from('abc'), Buffer.from('def')]), 6);
    await uploadImageData(client, 'i2', Readable.from([Buffer.from('chunked')]));
    expect(uploads).toEqual([
      { length: '6', body: 'abcdef' },
      { length: undefined, body: 'chunked' },
    ]);
    const stream = await downloadImageData(client, 'i1');
    expect(await new Response(stream).text()).toBe('downloaded-bytes');
  });

  it('an upload reads its source no faster than the server takes the bytes', async () => {
    // A server that reads slowly: the sender may fill the socket buffers (a few MiB) but must
    // not pull the source far ahead of it, and every byte arrives.
    const chunk = Buffer.alloc(64 * 1024, 1);
    const total = 1024;
    let pulled = 0;
    let received = 0;
    let lead = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < total; i += 1) {
          pulled += chunk.length;
          lead = Math.max(lead, pulled - received);
          yield chunk;
        }
      })(),
    );
    const slow = createServer((req, res) => {
      req.on('data', (data: Buffer) => {
        received += data.length;
        req.pause();
        setTimeout(() => req.resume(), 1);
      });
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/file`;
    const response = await request(
      { timeoutMs: 60_000 },
      {
        method: 'PUT',
        url,
        rawBody: source,
        headers: { 'Content-Length': String(chunk.length * total) },
      },
    );
    expect(response.status).toBe(204);
    expect(received).toBe(chunk.length * total);
    expect(lead).toBeLessThan(16 * 2 ** 20);
    slow.closeAllConnections();
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });

  it('a server that never answers → TIMEOUT', async () => {
    await expect(request({ timeoutMs: 100 }, { url: `${base}/slow` })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('a closed port → NETWORK_ERROR naming the cause', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await request({}, { url: `http://127.0.0.1:${port}/` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
