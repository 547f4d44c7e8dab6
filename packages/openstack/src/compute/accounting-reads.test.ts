import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import { finishResize, resizeServer, serverPages } from './servers.js';

const NOVA = 'https://nova.one.example.org/v2.1';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

const server = (id: string) => ({
  id,
  status: 'DELETED',
  created: '2026-11-30T22:00:00Z',
  'OS-SRV-USG:launched_at': '2026-11-30T22:00:30.000000',
  'OS-SRV-USG:terminated_at': null,
});

describe('server pages (what accounting walks)', () => {
  it('sends changes-since and follows the marker of servers_links a page at a time', async () => {
    const { client, calls } = setup((_call, index) =>
      json(
        200,
        index === 0
          ? {
              servers: [server('a'), server('b')],
              servers_links: [
                {
                  rel: 'next',
                  href: 'http://nova.internal/v2.1/servers/detail?changes-since=2026-11-30T00%3A00%3A00Z&limit=2&marker=b',
                },
              ],
            }
          : { servers: [server('c')] },
      ),
    );
    const pages: string[][] = [];
    for await (const page of serverPages(client, {
      'changes-since': '2026-11-30T00:00:00Z',
      limit: 2,
    }).pages()) {
      pages.push(page.map((s) => s.id));
    }
    expect(pages).toEqual([['a', 'b'], ['c']]);
    expect(calls.map((c) => c.url)).toEqual([
      `${NOVA}/servers/detail?changes-since=2026-11-30T00%3A00%3A00Z&limit=2`,
      `${NOVA}/servers/detail?changes-since=2026-11-30T00%3A00%3A00Z&limit=2&marker=b`,
    ]);
  });

  it('types the launch and termination times of a server', async () => {
    const { client } = setup(() => json(200, { servers: [server('a')] }));
    const [first] = await serverPages(client).collect();
    expect(first?.['OS-SRV-USG:launched_at']).toBe('2026-11-30T22:00:30.000000');
    expect(first?.['OS-SRV-USG:terminated_at']).toBeNull();
  });

  it('resize, confirmResize and revertResize send their action bodies', async () => {
    const { client, calls } = setup((call) =>
      empty(call.body?.includes('confirmResize') ? 204 : 202),
    );
    await resizeServer(client, 's1', 'f2');
    await finishResize(client, 's1', 'confirm');
    await finishResize(client, 's1', 'revert');
    expect(calls.map((c) => JSON.parse(c.body ?? ''))).toEqual([
      { resize: { flavorRef: 'f2' } },
      { confirmResize: null },
      { revertResize: null },
    ]);
    expect(calls[0]?.url).toBe(`${NOVA}/servers/s1/action`);
  });
});
