import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import {
  attachVolume,
  detachVolume,
  getVolumeAttachment,
  listVolumeAttachments,
} from './volume-attachments.js';

const NOVA = 'https://nova.one.example.org/v2.1';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

/** From https://docs.openstack.org/api-ref/compute/#attach-a-volume-to-an-instance */
const ATTACHMENT = {
  device: '/dev/sdb',
  id: 'a26887c6-c47b-4654-abb5-dfadf7d3f803',
  serverId: '2390fb4d-1693-45d7-b309-e29c4af16538',
  volumeId: 'a26887c6-c47b-4654-abb5-dfadf7d3f803',
};

describe('volume attachments', () => {
  it('attachVolume POSTs {volumeAttachment} and expects 200', async () => {
    const { client, calls } = setup(() => json(200, { volumeAttachment: ATTACHMENT }));
    const attached = await attachVolume(client, ATTACHMENT.serverId, {
      volumeId: ATTACHMENT.volumeId,
      device: '/dev/sdb',
    });
    expect(attached.device).toBe('/dev/sdb');
    expect(calls[0]?.url).toBe(`${NOVA}/servers/${ATTACHMENT.serverId}/os-volume_attachments`);
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      volumeAttachment: { volumeId: ATTACHMENT.volumeId, device: '/dev/sdb' },
    });
  });

  it('lists and shows attachments, and keeps a null device', async () => {
    const { client, calls } = setup((_call, index) =>
      json(
        200,
        index === 0
          ? { volumeAttachments: [ATTACHMENT, { ...ATTACHMENT, volumeId: 'v2', device: null }] }
          : { volumeAttachment: ATTACHMENT },
      ),
    );
    const all = await listVolumeAttachments(client, 's1');
    expect(all.map((a) => [a.volumeId, a.device])).toEqual([
      [ATTACHMENT.volumeId, '/dev/sdb'],
      ['v2', null],
    ]);
    expect((await getVolumeAttachment(client, 's1', 'v 1')).serverId).toBe(ATTACHMENT.serverId);
    expect(calls[1]?.url).toBe(`${NOVA}/servers/s1/os-volume_attachments/v%201`);
  });

  it('detachVolume DELETEs and expects 202', async () => {
    const { client, calls } = setup(() => empty(202));
    await detachVolume(client, 's1', 'v1');
    expect(calls[0]?.method).toBe('DELETE');
    expect(calls[0]?.url).toBe(`${NOVA}/servers/s1/os-volume_attachments/v1`);
  });
});
