import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, openHarness } from '../test/harness.js';
import { testDatabases } from './testing/index.js';

const [sqlite] = testDatabases();

/**
 * Over a real socket, as agents and the CLI talk to the hub: a pooled (keep-alive) client must
 * be able to send its next request after the hub refused a body as too large.
 */
describe('the hub over HTTP after a 413', () => {
  let h: Harness;
  let server: ReturnType<typeof serve>;
  let base: string;
  let pool: Agent;

  beforeEach(async () => {
    h = await openHarness(sqlite!);
    h.ctx.config.maxDocumentBytes = 1000;
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((done) => server.once('listening', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pool = new Agent({ connections: 1, pipelining: 1 });
    expect(
      (await h.request('POST', '/api/v1/sites', { token: ADMIN, json: { name: 'SITE-A' } })).status,
    ).toBe(201);
  });
  afterEach(async () => {
    await pool.close();
    await new Promise((done) => server.close(done));
    await h.close();
  });

  it('closes the connection honestly, and the pooled client goes on', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(4000) });
    const refused = await request(`${base}/api/v1/sites/SITE-A/info`, {
      method: 'PUT',
      dispatcher: pool,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(refused.statusCode).toBe(413);
    expect(refused.headers.connection).toBe('close');
    expect(await refused.body.json()).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    for (let i = 0; i < 3; i += 1) {
      const next = await request(`${base}/api/v1/sites/SITE-A`, { dispatcher: pool });
      expect(next.statusCode).toBe(200);
      expect(((await next.body.json()) as { name: string }).name).toBe('SITE-A');
    }
  });
});
