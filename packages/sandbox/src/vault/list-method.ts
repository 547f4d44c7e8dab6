import { Transform, type TransformCallback } from 'node:stream';

/** Larger request heads are passed on untouched (Node refuses them anyway: 16 KiB by default). */
const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

type State =
  | { kind: 'head' }
  | { kind: 'body'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'trailers' }
  | { kind: 'raw' };

/**
 * Rewrites `LIST <target> HTTP/1.1` into `GET <target>?list=true HTTP/1.1` in a stream of HTTP/1.1
 * requests. Node's HTTP parser (llhttp) only knows a fixed set of methods and answers LIST with
 * 400, yet hvac and the vault CLI list with it; Vault treats both forms alike
 * (https://developer.hashicorp.com/vault/api-docs#api-operations). Request heads are found by
 * following each message's framing (Content-Length, chunked), so a body that happens to contain
 * "LIST " is never touched.
 */
export class ListMethodRewriter extends Transform {
  #pending: Buffer = Buffer.alloc(0);
  #state: State = { kind: 'head' };

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#drain();
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.#pending.length > 0) this.push(this.#pending);
    this.#pending = Buffer.alloc(0);
    done();
  }

  #take(bytes: number): Buffer {
    const taken = this.#pending.subarray(0, bytes);
    this.#pending = this.#pending.subarray(bytes);
    return taken;
  }

  #drain(): void {
    while (this.#pending.length > 0) {
      const state = this.#state;
      switch (state.kind) {
        case 'raw':
          this.push(this.#take(this.#pending.length));
          return;
        case 'body':
        case 'chunk-data': {
          const part = this.#take(Math.min(state.remaining, this.#pending.length));
          this.push(part);
          state.remaining -= part.length;
          if (state.remaining === 0) {
            this.#state = state.kind === 'body' ? { kind: 'head' } : { kind: 'chunk-size' };
          }
          break;
        }
        case 'chunk-size': {
          const line = this.#line();
          if (line === undefined) return;
          this.push(line);
          const size = Number.parseInt(line.toString('latin1').split(';')[0]!.trim(), 16);
          if (!Number.isInteger(size) || size < 0) this.#state = { kind: 'raw' };
          // Each chunk's data is followed by CRLF; a zero-size chunk starts the trailers.
          else
            this.#state =
              size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', remaining: size + 2 };
          break;
        }
        case 'trailers': {
          const line = this.#line();
          if (line === undefined) return;
          this.push(line);
          if (line.length === 2) this.#state = { kind: 'head' };
          break;
        }
        case 'head': {
          // Empty lines before a request line are allowed (RFC 9112 §2.2).
          if (this.#pending.subarray(0, 2).equals(CRLF)) {
            this.push(this.#take(2));
            break;
          }
          const end = this.#pending.indexOf(HEAD_END);
          if (end < 0) {
            if (this.#pending.length > MAX_HEAD_BYTES) this.#state = { kind: 'raw' };
            return;
          }
          const head = this.#take(end + HEAD_END.length);
          this.push(rewriteListHead(head));
          this.#state = stateAfterHead(head);
          break;
        }
      }
    }
  }

  /** One CRLF-terminated line, or undefined until it has arrived. */
  #line(): Buffer | undefined {
    const end = this.#pending.indexOf(CRLF);
    if (end < 0) {
      if (this.#pending.length > MAX_HEAD_BYTES) this.#state = { kind: 'raw' };
      return undefined;
    }
    return this.#take(end + 2);
  }
}

/** `LIST /v1/x?a=b HTTP/1.1` → `GET /v1/x?list=true&a=b HTTP/1.1`; other heads unchanged. */
export function rewriteListHead(head: Buffer): Buffer {
  if (!head.subarray(0, 5).equals(Buffer.from('LIST '))) return head;
  const lineEnd = head.indexOf(CRLF);
  const [, target = '/', version = 'HTTP/1.1'] = head
    .subarray(0, lineEnd)
    .toString('latin1')
    .split(' ');
  const query = target.indexOf('?');
  const listed =
    query < 0
      ? `${target}?list=true`
      : `${target.slice(0, query + 1)}list=true&${target.slice(query + 1)}`;
  return Buffer.concat([Buffer.from(`GET ${listed} ${version}`, 'latin1'), head.subarray(lineEnd)]);
}

/** Where the message whose head this is ends: after Content-Length bytes, or its last chunk. */
function stateAfterHead(head: Buffer): State {
  const lines = head.toString('latin1').split('\r\n');
  let length = 0;
  let chunked = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (
      name === 'transfer-encoding' &&
      value
        .split(',')
        .map((v) => v.trim())
        .includes('chunked')
    ) {
      chunked = true;
    } else if (name === 'content-length') {
      length = Number(value);
    } else if (name === 'upgrade') {
      return { kind: 'raw' };
    }
  }
  if (lines[0]?.startsWith('CONNECT ')) return { kind: 'raw' };
  if (chunked) return { kind: 'chunk-size' };
  if (!Number.isSafeInteger(length) || length < 0) return { kind: 'raw' };
  return length > 0 ? { kind: 'body', remaining: length } : { kind: 'head' };
}
