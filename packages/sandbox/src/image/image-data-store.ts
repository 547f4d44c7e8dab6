import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  rmSync,
  renameSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { SiteContext } from '../site/context.js';
import { GlanceError } from './errors.js';
import { ownsImage, type Viewer } from './image-model.js';
import { loadImage, saveImage, visibleImage } from './image-store.js';
import { seedPayload } from './seed-payload.js';

export function imageFilePath(site: SiteContext, id: string): string {
  return join(site.dataDir, 'images', id);
}

/**
 * `PUT /v2/images/{id}/file` (https://docs.openstack.org/api-ref/image/v2/#upload-binary-image-data).
 * The body goes straight from the socket through MD5 and SHA-512 to a `.part` file, which is
 * renamed into place once complete, so a multi-gigabyte upload never sits in memory and a broken
 * one leaves no data behind (the image goes back to `queued`, as Glance does).
 */
export async function uploadImageData(
  site: SiteContext,
  viewer: Viewer,
  id: string,
  request: Request,
): Promise<void> {
  const stored = visibleImage(site, viewer, id);
  if (!ownsImage(viewer, stored.image)) {
    throw new GlanceError(403, 'You are not authorized to complete upload_image action.');
  }
  // glance/api/v2/image_data.py RequestDeserializer.upload only takes octet-stream.
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (contentType !== 'application/octet-stream') {
    throw new GlanceError(415, `Invalid content type ${contentType || 'None'}`);
  }
  if (stored.image.status !== 'queued') {
    throw new GlanceError(
      409,
      `Image status transition from ${stored.image.status} to saving is not allowed`,
    );
  }
  stored.image.status = 'saving';
  saveImage(site, stored);

  const dir = join(site.dataDir, 'images');
  mkdirSync(dir, { recursive: true });
  const target = imageFilePath(site, id);
  const part = `${target}.part`;
  const md5 = createHash('md5');
  const sha512 = createHash('sha512');
  let size = 0;
  let head = Buffer.alloc(0);
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head.length < QCOW2_HEADER_BYTES) head = Buffer.concat([head, chunk]).subarray(0, 64);
      md5.update(chunk);
      sha512.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = request.body
    ? Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>)
    : Readable.from([]);
  try {
    await pipeline(source, hasher, createWriteStream(part));
  } catch (error) {
    rmSync(part, { force: true });
    const current = loadImage(site, id);
    if (current) {
      current.image.status = 'queued';
      saveImage(site, current);
    }
    throw error;
  }

  const current = loadImage(site, id);
  if (!current) {
    rmSync(part, { force: true });
    throw new GlanceError(
      410,
      `Image ${id} could not be found after upload. The image may have been deleted during the upload.`,
    );
  }
  renameSync(part, target);
  Object.assign(current.image, {
    status: 'active',
    size,
    checksum: md5.digest('hex'),
    os_hash_algo: 'sha512',
    os_hash_value: sha512.digest('hex'),
    virtual_size: virtualSize(current.image.disk_format, size, head),
  });
  current.data = { kind: 'file' };
  saveImage(site, current);
}

/**
 * `GET /v2/images/{id}/file` (https://docs.openstack.org/api-ref/image/v2/#download-binary-image-data):
 * 204 while there is no data, `Content-MD5` carrying the hex checksum (openstacksdk compares it
 * with what it received), and a single `Range: bytes=a-b` answered with 206.
 */
export function downloadImageData(
  site: SiteContext,
  viewer: Viewer,
  id: string,
  rangeHeader: string | undefined,
): Response {
  const { image, data } = visibleImage(site, viewer, id);
  if (image.status === 'deactivated' && !viewer.isAdmin) {
    throw new GlanceError(
      403,
      'The requested image has been deactivated. Image data download is forbidden.',
    );
  }
  if (!data) return new Response(null, { status: 204 });

  const total =
    data.kind === 'seed'
      ? seedPayload(data.name).bytes.length
      : statSync(imageFilePath(site, id)).size;
  const range = parseRange(rangeHeader, total);
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (image.checksum) headers['Content-MD5'] = image.checksum;
  let start = 0;
  let end = total - 1;
  let status = 200;
  if (range) {
    [start, end] = range;
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${total}`;
  }
  headers['Content-Length'] = String(Math.max(end - start + 1, 0));
  if (total === 0) return new Response(null, { status: 200, headers });

  const body =
    data.kind === 'seed'
      ? new Uint8Array(seedPayload(data.name).bytes.subarray(start, end + 1))
      : (Readable.toWeb(
          createReadStream(imageFilePath(site, id), { start, end }),
        ) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, headers });
}

/** Parses one `bytes=` range; undefined for none, 416 for one that cannot be served. */
function parseRange(header: string | undefined, total: number): [number, number] | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) {
    throw new GlanceError(416, 'Requested range not satisfiable', {
      'Content-Range': `bytes */${total}`,
    });
  }
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    start = Math.max(total - suffix, 0);
    end = total - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? total - 1 : Math.min(Number(match[2]), total - 1);
  }
  if (start > end || start >= total) {
    throw new GlanceError(416, 'Requested range not satisfiable', {
      'Content-Range': `bytes */${total}`,
    });
  }
  return [start, end];
}

/** Removes an uploaded image's file (seeded images have none). */
export function removeImageData(site: SiteContext, id: string): void {
  rmSync(imageFilePath(site, id), { force: true });
  rmSync(`${imageFilePath(site, id)}.part`, { force: true });
}

const QCOW2_HEADER_BYTES = 32;

/**
 * What Glance's format inspector finds while the data streams in: a raw image's virtual size is
 * its size; a qcow2 image names it in its header (big-endian u64 at offset 24, after "QFI\xfb").
 * Other formats stay unknown here.
 */
function virtualSize(format: string | null, size: number, head: Buffer): number | null {
  if (format === 'raw') return size;
  if (
    format === 'qcow2' &&
    head.length >= QCOW2_HEADER_BYTES &&
    head.readUInt32BE(0) === 0x514649fb
  ) {
    return Number(head.readBigUInt64BE(24));
  }
  return null;
}
