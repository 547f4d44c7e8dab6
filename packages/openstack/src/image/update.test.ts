import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import { deactivateImage, reactivateImage, updateImage } from './update.js';

const GLANCE = 'https://glance.example.org:9292';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

describe('image update and actions', () => {
  it("updateImage PATCHes in Glance's json-patch media type, not plain JSON", async () => {
    const { client, calls } = setup(() =>
      json(200, { id: 'i1', status: 'active', visibility: 'private' }),
    );
    const image = await updateImage(client, 'i1', [
      { op: 'replace', path: '/visibility', value: 'private' },
      { op: 'add', path: '/image_list', value: 'vo' },
    ]);
    expect(image.visibility).toBe('private');
    expect(calls[0]?.method).toBe('PATCH');
    expect(calls[0]?.url).toBe(`${GLANCE}/v2/images/i1`);
    expect(calls[0]?.headers.get('content-type')).toBe(
      'application/openstack-images-v2.1-json-patch',
    );
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual([
      { op: 'replace', path: '/visibility', value: 'private' },
      { op: 'add', path: '/image_list', value: 'vo' },
    ]);
  });

  it('deactivate and reactivate POST to the image actions and expect 204', async () => {
    const { client, calls } = setup(() => empty(204));
    await deactivateImage(client, 'i1');
    await reactivateImage(client, 'i1');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST ${GLANCE}/v2/images/i1/actions/deactivate`,
      `POST ${GLANCE}/v2/images/i1/actions/reactivate`,
    ]);
  });

  it('deactivating an image that is not active → HTTP_FORBIDDEN', async () => {
    const { client } = setup(() =>
      json(403, { message: "Not allowed to deactivate image in status 'queued'" }),
    );
    await expect(deactivateImage(client, 'i1')).rejects.toMatchObject({ status: 403 });
  });
});
