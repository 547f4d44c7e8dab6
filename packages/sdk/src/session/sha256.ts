import { createHash } from 'node:crypto';

/** Hex sha256: how a token becomes a cache key or a file name without its value. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
