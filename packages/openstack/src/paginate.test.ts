import { describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { listImages } from './image/images.js';
import { listNetworks } from './network/networks.js';
import { listServers } from './compute/servers.js';
import { nextLink, paginate } from './paginate.js';
import { fakeFetch, json, scopedAuth } from './testing/fake-fetch.js';

const server = (id: string) => ({
  id,
  name: `vm-${id}`,
  status: 'ACTIVE',
  links: [{ rel: 'self', href: `http://nova-api:8774/v2.1/servers/${id}` }],
});

describe('paginate', () => {
  it('follows Nova servers_links across 3 pages, keeping filters from the link', async () => {
    // Nova builds absolute next links from its own idea of its URL (an internal host here).
    const pages: Record<string, unknown> = {
      '': {
        servers: [server('s1'), server('s2')],
        servers_links: [
          {
            rel: 'next',
            href: 'http://nova-api:8774/v2.1/servers/detail?limit=2&status=ACTIVE&marker=s2',
          },
        ],
      },
      marker_s2: {
        servers: [server('s3'), server('s4')],
        servers_links: [
          {
            rel: 'next',
            href: 'http://nova-api:8774/v2.1/servers/detail?limit=2&status=ACTIVE&marker=s4',
          },
        ],
      },
      marker_s4: { servers: [server('s5')] },
    };
    const { fetch, calls } = fakeFetch((call) => {
      const marker = new URL(call.url).searchParams.get('marker');
      return json(200, pages[marker ? `marker_${marker}` : '']);
    });
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    const servers = await listServers(client, { limit: 2, status: 'ACTIVE' });
    expect(servers.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(calls.map((c) => c.url)).toEqual([
      'https://nova.one.example.org/v2.1/servers/detail?limit=2&status=ACTIVE',
      'https://nova.one.example.org/v2.1/servers/detail?limit=2&status=ACTIVE&marker=s2',
      'https://nova.one.example.org/v2.1/servers/detail?limit=2&status=ACTIVE&marker=s4',
    ]);
    // Unknown fields survive the schema.
    expect(servers[0]?.links).toHaveLength(1);
  });

  it('follows Neutron networks_links across 3 pages', async () => {
    const net = (id: string) => ({
      id,
      name: id,
      status: 'ACTIVE',
      'router:external': false,
      mtu: 1450,
    });
    const { fetch, calls } = fakeFetch((_call, index) => {
      if (index === 0) {
        return json(200, {
          networks: [net('n1')],
          networks_links: [
            {
              rel: 'next',
              href: 'https://neutron.example.org:9696/v2.0/networks?limit=1&marker=n1',
            },
          ],
        });
      }
      if (index === 1) {
        return json(200, {
          networks: [net('n2')],
          networks_links: [
            {
              rel: 'next',
              href: 'https://neutron.example.org:9696/v2.0/networks?limit=1&marker=n2',
            },
            {
              rel: 'previous',
              href: 'https://neutron.example.org:9696/v2.0/networks?limit=1&marker=n2&page_reverse=True',
            },
          ],
        });
      }
      return json(200, {
        networks: [net('n3')],
        networks_links: [
          {
            rel: 'previous',
            href: 'https://neutron.example.org:9696/v2.0/networks?limit=1&marker=n3&page_reverse=True',
          },
        ],
      });
    });
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    const networks = await listNetworks(client, { limit: 1 });
    expect(networks.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
    expect(calls[2]?.url).toBe('https://neutron.example.org:9696/v2.0/networks?limit=1&marker=n2');
  });

  it('follows Glance’s relative next link across 3 pages', async () => {
    const image = (id: string) => ({
      id,
      name: id,
      status: 'active',
      visibility: 'public',
      os_distro: 'ubuntu',
    });
    const { fetch, calls } = fakeFetch((_call, index) => {
      const bodies = [
        {
          images: [image('i1'), image('i2')],
          first: '/v2/images?limit=2',
          schema: '/v2/schemas/images',
          next: '/v2/images?limit=2&marker=i2',
        },
        {
          images: [image('i3'), image('i4')],
          first: '/v2/images?limit=2',
          schema: '/v2/schemas/images',
          next: '/v2/images?limit=2&marker=i4',
        },
        { images: [image('i5')], first: '/v2/images?limit=2', schema: '/v2/schemas/images' },
      ];
      return json(200, bodies[index]);
    });
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    const images = await listImages(client, { limit: 2 });
    expect(images.map((i) => i.id)).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
    expect(images[0]?.os_distro).toBe('ubuntu');
    expect(calls.map((c) => c.url)).toEqual([
      'https://glance.example.org:9292/v2/images?limit=2',
      'https://glance.example.org:9292/v2/images?limit=2&marker=i2',
      'https://glance.example.org:9292/v2/images?limit=2&marker=i4',
    ]);
  });

  it('follows Keystone links.next and stops at null', async () => {
    const { fetch, calls } = fakeFetch((_call, index) =>
      json(200, {
        projects: [{ id: `p${index}`, name: `p${index}` }],
        links: {
          self: 'https://keystone.example.org:5000/v3/projects',
          previous: null,
          next: index === 0 ? 'https://keystone.example.org:5000/v3/projects?marker=p0' : null,
        },
      }),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    const projects = await paginate(client, 'identity', '/v3/projects', {
      itemsKey: 'projects',
    }).collect();
    expect(projects).toHaveLength(2);
    expect(calls[1]?.url).toBe('https://keystone.example.org:5000/v3/projects?marker=p0');
  });

  it('stops on an empty page even when it links onwards, and on a repeated link', async () => {
    const { fetch, calls } = fakeFetch((_call, index) =>
      json(
        200,
        index === 0
          ? { images: [{ id: 'a', status: 'active' }], next: '/v2/images?marker=a' }
          : { images: [], next: '/v2/images?marker=b' },
      ),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    expect(await listImages(client)).toHaveLength(1);
    expect(calls).toHaveLength(2);

    const loop = fakeFetch(() =>
      json(200, { images: [{ id: 'a', status: 'active' }], next: '/v2/images?marker=a' }),
    );
    const looping = createClient({ transport: { fetch: loop.fetch }, auth: scopedAuth() });
    expect(await listImages(looping)).toHaveLength(2);
    expect(loop.calls).toHaveLength(2);
  });

  it('is an async iterator over items and over pages', async () => {
    const { fetch } = fakeFetch((_call, index) =>
      json(
        200,
        index === 0
          ? { volumes: [{ id: 'v1' }], volumes_links: [{ rel: 'next', href: 'x?marker=v1' }] }
          : { volumes: [{ id: 'v2' }] },
      ),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    const ids: string[] = [];
    for await (const item of paginate<{ id: string }>(client, 'volumev3', '/volumes', {
      itemsKey: 'volumes',
    }))
      ids.push(item.id);
    expect(ids).toEqual(['v1', 'v2']);
  });

  it('rejects a page without the collection, and an item that fails its schema', async () => {
    const { fetch } = fakeFetch(() => json(200, { servers: [{ name: 'no id' }] }));
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    await expect(listServers(client)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    await expect(
      paginate(client, 'compute', '/x', { itemsKey: 'flavors' }).collect(),
    ).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });

  it('nextLink reads every service’s convention', () => {
    expect(nextLink({ servers_links: [{ rel: 'next', href: 'n' }] }, 'servers')).toBe('n');
    expect(nextLink({ next: '/v2/images?marker=x' }, 'images')).toBe('/v2/images?marker=x');
    expect(nextLink({ links: { next: 'k' } }, 'projects')).toBe('k');
    expect(nextLink({ links: { next: null } }, 'projects')).toBeUndefined();
    expect(
      nextLink({ servers_links: [{ rel: 'previous', href: 'p' }] }, 'servers'),
    ).toBeUndefined();
  });
});
