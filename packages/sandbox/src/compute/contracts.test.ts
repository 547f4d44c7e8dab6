import { describe, expect, it } from 'vitest';
import { listServerAddresses } from '../network/index.js';
import { computeHarness } from './compute-test-helpers.js';

// The same flows as compute.test.ts, but through the real Neutron, Glance and Cinder contracts.
describe('compute with the real network, image and volume services', () => {
  it('boots on the project network, shows addresses and releases ports on delete', async () => {
    const h = computeHarness({ buildDelayMs: 0 });
    const image = h.site.spec.images[0]!.id;
    const flavor = h.site.spec.flavors.find((f) => f.name === 'm1.medium')!.id;
    const res = await h.nova('POST', '/servers', {
      version: '2.79',
      body: { server: { name: 'real', imageRef: image, flavorRef: flavor, networks: 'auto' } },
    });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { server: { id: string } }).server.id;
    const shown = (await (await h.nova('GET', `/servers/${id}`)).json()) as {
      server: Record<string, unknown>;
    };
    expect(shown.server.status).toBe('ACTIVE');
    const addresses = shown.server.addresses as Record<string, { addr: string }[]>;
    expect(Object.values(addresses).flat().length).toBeGreaterThan(0);
    const ifaces = (await (await h.nova('GET', `/servers/${id}/os-interface`)).json()) as {
      interfaceAttachments: unknown[];
    };
    expect(ifaces.interfaceAttachments).toHaveLength(1);

    expect((await h.nova('DELETE', `/servers/${id}`)).status).toBe(204);
    expect(listServerAddresses(h.site, id)).toEqual({});
  });

  it('turns other services’ errors into Nova faults', async () => {
    const h = computeHarness({ buildDelayMs: 0 });
    const image = h.site.spec.images[0]!.id;
    const flavor = h.site.spec.flavors.find((f) => f.name === 'm1.medium')!.id;
    const badNet = await h.nova('POST', '/servers', {
      body: {
        server: {
          name: 'x',
          imageRef: image,
          flavorRef: flavor,
          networks: [{ uuid: '99999999-9999-4999-a999-999999999999' }],
        },
      },
    });
    expect(badNet.status).toBe(400);
    expect(Object.keys((await badNet.json()) as object)).toEqual(['badRequest']);
    const ok = await h.nova('POST', '/servers', {
      body: { server: { name: 'y', imageRef: image, flavorRef: flavor } },
    });
    const id = ((await ok.json()) as { server: { id: string } }).server.id;
    const attach = await h.nova('POST', `/servers/${id}/os-volume_attachments`, {
      body: { volumeAttachment: { volumeId: '88888888-8888-4888-a888-888888888888' } },
    });
    expect(attach.status).toBe(404);
    expect(Object.keys((await attach.json()) as object)).toEqual(['itemNotFound']);
  });
});
