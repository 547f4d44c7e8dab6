import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { empty, fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import { downloadImageData, uploadImageData } from './data.js';
import { createImage, deleteImage, getImage } from './images.js';

const GLANCE = 'https://glance.example.org:9292';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

/** Trimmed from https://docs.openstack.org/api-ref/image/v2/#show-image */
const IMAGE = {
  id: '1bea47ed-f6a9-463b-b423-14b9cca9ad27',
  name: 'cirros-0.6.2',
  status: 'active',
  visibility: 'public',
  disk_format: 'qcow2',
  container_format: 'bare',
  size: 21430272,
  virtual_size: null,
  checksum: 'c352f4e7121c6eae958bc1570324f17e',
  os_hash_algo: 'sha512',
  min_disk: 0,
  min_ram: 0,
  protected: false,
  tags: [],
  self: '/v2/images/1bea47ed',
  file: '/v2/images/1bea47ed/file',
  schema: '/v2/schemas/image',
  'ad:appid': '1017',
};

describe('image routes', () => {
  it('getImage reads the unwrapped image and keeps custom properties', async () => {
    const { client, calls } = setup(() => json(200, IMAGE));
    const image = await getImage(client, IMAGE.id);
    expect(calls[0]?.url).toBe(`${GLANCE}/v2/images/${IMAGE.id}`);
    expect(image['ad:appid']).toBe('1017');
  });

  it('createImage POSTs the record and expects 201', async () => {
    const { client, calls } = setup(() =>
      json(201, { ...IMAGE, status: 'queued', size: null, checksum: null }),
    );
    const image = await createImage(client, {
      name: 'cirros',
      disk_format: 'qcow2',
      container_format: 'bare',
      os_distro: 'cirros',
    });
    expect(image.status).toBe('queued');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      name: 'cirros',
      disk_format: 'qcow2',
      container_format: 'bare',
      os_distro: 'cirros',
    });
  });

  it('uploadImageData streams with octet-stream, Content-Length and duplex half', async () => {
    const { client, calls } = setup(() => empty(204));
    await uploadImageData(client, 'i1', Readable.from([Buffer.from('qcow2-bytes')]), 11);
    const call = calls[0];
    expect(call?.method).toBe('PUT');
    expect(call?.url).toBe(`${GLANCE}/v2/images/i1/file`);
    expect(call?.headers.get('content-type')).toBe('application/octet-stream');
    expect(call?.headers.get('content-length')).toBe('11');
    expect(call?.init.duplex).toBe('half');
    const sent = await new Response(call?.init.body as ReadableStream).text();
    expect(sent).toBe('qcow2-bytes');
  });

  it('uploadImageData sends a Uint8Array as-is', async () => {
    const { client, calls } = setup(() => empty(204));
    await uploadImageData(client, 'i1', new Uint8Array([1, 2, 3]));
    expect(calls[0]?.init.body).toEqual(new Uint8Array([1, 2, 3]));
    expect(calls[0]?.init.duplex).toBeUndefined();
  });

  it('downloadImageData returns a web ReadableStream of the bytes', async () => {
    const { client } = setup(
      () =>
        new Response('image-bytes', {
          status: 200,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
    );
    const stream = await downloadImageData(client, 'i1');
    expect(stream).toBeInstanceOf(ReadableStream);
    expect(await new Response(stream).text()).toBe('image-bytes');
  });

  it('downloadImageData of an image without data → INVALID_RESPONSE', async () => {
    const { client } = setup(() => empty(204));
    await expect(downloadImageData(client, 'i1')).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      status: 204,
    });
  });

  it('deleteImage of a missing image → HTTP_NOT_FOUND from Glance’s HTML', async () => {
    const { client } = setup(
      () =>
        new Response(
          '<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>No image found with ID i9<br /><br /></body></html>',
          {
            status: 404,
            headers: { 'Content-Type': 'text/html; charset=UTF-8' },
          },
        ),
    );
    await expect(deleteImage(client, 'i9')).rejects.toMatchObject({
      code: 'HTTP_NOT_FOUND',
      service: 'image',
    });
  });
});
