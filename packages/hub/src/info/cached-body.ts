import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The content codings the hub answers with, best first. */
export type ContentCoding = 'br' | 'gzip' | 'identity';

// Brotli's default (11) costs ~50 ms on /sites/ of 300 sites, once per view; 5 gets nearly the
// same size in a few milliseconds, and a busy federation makes a new view at every publication.
const BROTLI_QUALITY = 5;

/**
 * An answer's bytes, made once per view, and what a poller needs to pay nothing when nothing
 * changed: its ETag, and its gzip and brotli forms made on first demand. /sites/ for 300 sites is
 * ~45 kB of JSON (~4 kB gzipped); compressing per request would cost more than it saves.
 */
export class CachedBody {
  private static readonly MIN_COMPRESS_BYTES = 1024;
  private readonly encodedForms = new Map<ContentCoding, Uint8Array>();
  private tag: string | undefined;

  constructor(readonly raw: Uint8Array) {}

  get compressible(): boolean {
    return this.raw.byteLength >= CachedBody.MIN_COMPRESS_BYTES;
  }

  /** The bytes in one coding (identity: as made). */
  encoded(coding: ContentCoding): Uint8Array {
    if (coding === 'identity') return this.raw;
    let bytes = this.encodedForms.get(coding);
    if (!bytes) {
      bytes =
        coding === 'gzip'
          ? gzipSync(this.raw)
          : brotliCompressSync(this.raw, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: this.raw.byteLength,
              },
            });
      this.encodedForms.set(coding, bytes);
    }
    return bytes;
  }

  /**
   * A strong ETag per representation (RFC 9110 §8.8.3): the content's hash, suffixed for the
   * compressed forms, since their bytes differ. The same content gives the same tag in every
   * view, so a republished but unchanged document still answers 304.
   */
  etag(coding: ContentCoding): string {
    this.tag ??= createHash('sha256').update(this.raw).digest('base64url').slice(0, 27);
    return coding === 'identity' ? `"${this.tag}"` : `"${this.tag}-${coding}"`;
  }

  /**
   * Whether `If-None-Match` names this content in any of its codings (weak comparison, as
   * RFC 9110 §13.1.2 asks for it): a client that switched encodings still revalidates.
   */
  matches(ifNoneMatch: string | undefined): boolean {
    if (ifNoneMatch === undefined) return false;
    const tags = ifNoneMatch.split(',').map((part) => part.trim().replace(/^W\//, ''));
    if (tags.includes('*')) return true;
    return (['identity', 'gzip', 'br'] as const).some((coding) => tags.includes(this.etag(coding)));
  }
}
