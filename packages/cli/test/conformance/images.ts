import { createHash, randomBytes } from 'node:crypto';
import {
  createImage,
  deleteImage,
  downloadImageData,
  getImage,
  listImages,
  uploadImageData,
} from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { rejection } from './context.js';
import type { SuiteInfo, Use } from './parts.js';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Glance v2: listing, showing, and the data upload/download round trip. */
export function defineImageTests(use: Use, _info: SuiteInfo): void {
  describe('images', () => {
    it('lists active public images with their size and checksum, and shows one', async () => {
      const { client } = await use().session();
      const images = await listImages(client, { visibility: 'public' });
      const active = images.filter((i) => i.status === 'active' && (i.size ?? 0) > 0);
      expect(active.length).toBeGreaterThan(0);
      const first = active[0]!;
      expect(first.checksum).toMatch(/^[0-9a-f]{32}$/);
      const shown = await getImage(client, first.id);
      expect(shown).toMatchObject({
        id: first.id,
        name: first.name,
        visibility: 'public',
        size: first.size,
      });
    });

    it('uploads image data and downloads the same bytes, with Glance’s checksums', async () => {
      const c = use();
      const { client, projectId } = await c.session();
      const data = randomBytes(96 * 1024);
      const image = await createImage(client, {
        name: c.name('image'),
        disk_format: 'raw',
        container_format: 'bare',
        visibility: 'private',
        os_distro: 'conformance',
      });
      try {
        expect(image).toMatchObject({ status: 'queued', visibility: 'private', owner: projectId });
        await uploadImageData(client, image.id, data, data.length);
        const stored = await getImage(client, image.id);
        expect(stored.status).toBe('active');
        expect(stored.size).toBe(data.length);
        expect(stored.checksum).toBe(createHash('md5').update(data).digest('hex'));
        expect(stored.os_hash_algo).toBe('sha512');
        expect(stored.os_hash_value).toBe(createHash('sha512').update(data).digest('hex'));
        // Glance's format inspector: a raw image's virtual size is its size.
        expect(stored.virtual_size).toBe(data.length);
        expect((stored as Record<string, unknown>).os_distro).toBe('conformance');
        const back = await readAll(await downloadImageData(client, image.id));
        expect(back.equals(data)).toBe(true);
        const mine = await listImages(client, { owner: projectId });
        expect(mine.map((i) => i.id)).toContain(image.id);
      } finally {
        await deleteImage(client, image.id);
      }
      expect(await rejection(getImage(client, image.id))).toMatchObject({
        code: 'HTTP_NOT_FOUND',
      });
    });

    it('takes a chosen id on create and refuses it again with 409', async () => {
      const c = use();
      const { client } = await c.session();
      const id = crypto.randomUUID();
      const image = await createImage(client, { id, name: c.name('chosen-id') });
      try {
        expect(image.id).toBe(id);
        const again = await rejection(createImage(client, { id, name: c.name('chosen-id') }));
        expect(again).toMatchObject({ code: 'HTTP_CONFLICT', status: 409 });
        expect(String(again.message)).toContain(`Image ID ${id} already exists!`);
      } finally {
        await deleteImage(client, id);
      }
    });

    it('has no data to download while an image is queued', async () => {
      const c = use();
      const { client } = await c.session();
      const image = await createImage(client, {
        name: c.name('empty-image'),
        disk_format: 'raw',
        container_format: 'bare',
      });
      try {
        const error = await rejection(downloadImageData(client, image.id));
        expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 204 });
      } finally {
        await deleteImage(client, image.id);
      }
    });
  });
}
