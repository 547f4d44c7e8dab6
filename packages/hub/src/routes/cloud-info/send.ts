import type { Context } from 'hono';
import type { CachedBody, ContentCoding } from '../../info/index.js';

/**
 * The coding to answer with, from `Accept-Encoding` (RFC 9110 §12.5.3): the best of br and gzip
 * by q-value (br on a tie: smaller), identity when neither is taken. python-requests sends
 * `gzip, deflate` (and br when brotli is installed); a missing header means identity.
 */
export function chooseCoding(acceptEncoding: string | undefined): ContentCoding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const coding = name?.trim();
    if (!coding) continue;
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = weight === undefined ? 1 : Number(weight.slice(2));
    q.set(coding, Number.isFinite(value) ? value : 0);
  }
  const wildcard = q.get('*');
  const weightOf = (coding: string) => q.get(coding) ?? wildcard ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}

/**
 * The cached bytes in the coding the client takes, with their ETag; a 304 without a body when
 * `If-None-Match` names them, so pollers (the CLI's hub cache, probes) pay nothing when nothing
 * changed. Headers are a fresh object per response: @hono/node-server keeps the object it is
 * given and adds to it.
 */
export function sendCached(c: Context, body: CachedBody, type: string): Response {
  const coding = body.compressible ? chooseCoding(c.req.header('accept-encoding')) : 'identity';
  const headers: Record<string, string> = { 'content-type': type, etag: body.etag(coding) };
  if (body.compressible) headers.vary = 'accept-encoding';
  if (body.matches(c.req.header('if-none-match'))) {
    delete headers['content-type'];
    return c.body(null, 304, headers);
  }
  if (coding !== 'identity') headers['content-encoding'] = coding;
  return c.body(body.encoded(coding) as Uint8Array<ArrayBuffer>, 200, headers);
}
