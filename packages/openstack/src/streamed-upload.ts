import { Readable } from 'node:stream';
import { request as undiciRequest, type Dispatcher } from 'undici';

/**
 * A streamed upload (image data) sent with undici's `request`, answered as a fetch Response.
 * fetch reads a streamed request body as fast as the socket takes writes, whatever the peer
 * reads, so an upload slower than its source buffered the whole image in memory (measured:
 * 256 MiB through fetch to a slow reader peaked at 350 MiB RSS, through `request` at 110 MiB).
 * `request` writes a Node stream with the socket's backpressure. Redirects are not followed,
 * as for every call carrying X-Auth-Token.
 */
export async function sendStreamedUpload(input: {
  url: string;
  method: string;
  headers: Headers;
  body: Readable | ReadableStream<Uint8Array>;
  dispatcher: Dispatcher | undefined;
  signal: AbortSignal;
}): Promise<Response> {
  const body =
    input.body instanceof Readable
      ? input.body
      : Readable.fromWeb(input.body as import('node:stream/web').ReadableStream<Uint8Array>);
  const answer = await undiciRequest(input.url, {
    method: input.method,
    headers: Object.fromEntries(input.headers),
    body,
    signal: input.signal,
    ...(input.dispatcher ? { dispatcher: input.dispatcher } : {}),
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const bytes = Buffer.from(await answer.body.arrayBuffer());
  const noBody = answer.statusCode === 204 || answer.statusCode === 304 || bytes.length === 0;
  return new Response(noBody ? null : bytes, { status: answer.statusCode, headers });
}
