import { createHash } from 'node:crypto';

/** Size of the stand-in data of every seeded image. */
export const SEED_PAYLOAD_BYTES = 256 * 1024;

export interface Payload {
  bytes: Buffer;
  md5: string;
  sha512: string;
}

const cache = new Map<string, Payload>();

/**
 * The data of a seeded image: SHA-256 in counter mode over the image name, so it is the same
 * bytes at every site and on every start. Seeded images keep no file on disk; the payload is
 * generated on first use and shared, in memory, by all sites of the process (300 sites carry the
 * same three names, so this costs three 256 KiB buffers instead of 900 files).
 */
export function seedPayload(name: string): Payload {
  const hit = cache.get(name);
  if (hit) return hit;
  const blocks: Buffer[] = [];
  for (let i = 0; i < SEED_PAYLOAD_BYTES / 32; i += 1) {
    blocks.push(createHash('sha256').update(`${name}\u0000${i}`).digest());
  }
  const bytes = Buffer.concat(blocks);
  const payload = {
    bytes,
    md5: createHash('md5').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
  };
  cache.set(name, payload);
  return payload;
}
