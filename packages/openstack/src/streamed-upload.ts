import { Readable } from 'node:stream';
import { request as undiciRequest, type Dispatcher } from 'undici';

/**
 * A streamed upload (image data) sent with undici's `request`, answered as a fetch Response.
 * Through fetch, an upload to a slow reader held memory in proportion to the image (measured:
 * 256 MiB to a slow reader peaked at 350 MiB RSS through fetch, 110 MiB through `request`),
 * which an image sync of many GiB cannot afford; `request` writes the Node stream with the
 * socket's backpressure. Redirects are not followed, as for every call carrying X-Auth-Token.
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
