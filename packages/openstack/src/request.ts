import { Readable } from 'node:stream';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { Deadline } from './deadline.js';
import { parseErrorBody } from './error-body.js';
import { networkReason } from './network-reason.js';
import { sendStreamedUpload } from './streamed-upload.js';
import {
  OpenStackError,
  codeForStatus,
  type OpenStackErrorCode,
  type OpenStackErrorDetails,
} from './errors.js';
import { redactHeaders, redactUrl, scrubText, scrubValue, secretsFromHeaders } from './redact.js';

/**
 * How requests leave the process. Injectable like openid-client's `customFetch`: tests pass a
 * fake `fetch`, production passes an undici `dispatcher` (custom CA bundles, proxies, retries).
 */
export interface Transport {
  fetch?: typeof fetch;
  dispatcher?: Dispatcher;
  /** Time allowed until the response body is read (until headers for streamed responses). */
  timeoutMs?: number;
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'fedcloud-openstack/0.1.0';

/** Services whose microversion goes in `OpenStack-API-Version: <service> <version>`. */
export type MicroversionService = 'compute' | 'volume' | 'placement' | 'shared-file-system';

/** https://specs.openstack.org/openstack/api-wg/guidelines/microversion_specification.html */
export interface Microversion {
  service: MicroversionService;
  version: string;
}

/** Bodies sent as-is: uploads stream from a web ReadableStream or a Node Readable. */
export type RawBody =
  string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | Readable;

export interface RequestOptions {
  method?: string;
  url: string;
  /** Sent as `X-Auth-Token`. */
  token?: string;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent unchanged; set the Content-Type in `headers`. */
  rawBody?: RawBody;
  microversion?: Microversion;
  /** Statuses that count as success; by default any 2xx. */
  expected?: readonly number[];
  signal?: AbortSignal;
  /** Overrides the transport's timeout for this call (long uploads). */
  timeoutMs?: number;
  /** Service type for error reports. */
  service?: string;
}

export interface OpenStackResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

type FetchInit = RequestInit & { dispatcher?: Dispatcher; duplex?: 'half' };

/** undici's own fetch, so that an undici 7 dispatcher is understood (Node 20 bundles undici 6). */
const defaultFetch = undiciFetch as unknown as typeof fetch;

/**
 * One HTTP call: JSON in, JSON or text out (undefined for 204), with a timeout, the caller's
 * AbortSignal, and failures turned into a redacted OpenStackError.
 */
export async function request<T = unknown>(
  transport: Transport,
  options: RequestOptions,
): Promise<OpenStackResponse<T>> {
  const deadline = new Deadline(
    options.timeoutMs ?? transport.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options.signal,
  );
  const call = prepare(transport, options);
  try {
    const response = await sendWithOneRetry(call, deadline, replayable(options));
    await throwIfFailed(call, response, deadline);
    const data = await readData(call, response, deadline);
    return { status: response.status, headers: response.headers, data: data as T };
  } catch (error) {
    throw toOpenStackError(error, call, deadline);
  } finally {
    deadline.dispose();
  }
}

/**
 * Like `request` but returns the raw Response once the headers are in, for downloads. The timeout
 * stops at the headers; the caller's signal still cancels the body.
 */
export async function requestStream(
  transport: Transport,
  options: RequestOptions,
): Promise<Response> {
  const deadline = new Deadline(
    options.timeoutMs ?? transport.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options.signal,
  );
  const call = prepare(transport, options);
  try {
    const response = await send(call, deadline);
    await throwIfFailed(call, response, deadline);
    deadline.stopTimer();
    return response;
  } catch (error) {
    deadline.dispose();
    throw toOpenStackError(error, call, deadline);
  }
}

interface PreparedCall {
  fetch: typeof fetch;
  /** A streamed upload, sent with backpressure rather than through fetch. */
  streamed: Readable | ReadableStream<Uint8Array> | undefined;
  dispatcher: Dispatcher | undefined;
  method: string;
  url: string;
  init: FetchInit;
  expected: readonly number[] | undefined;
  service: string | undefined;
  secrets: string[];
}

function prepare(transport: Transport, options: RequestOptions): PreparedCall {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers = new Headers({
    Accept: 'application/json',
    'User-Agent': transport.userAgent ?? DEFAULT_USER_AGENT,
  });
  const init: FetchInit = { method, headers };
  const raw = options.rawBody;
  const isStream = raw instanceof Readable || raw instanceof ReadableStream;
  // Streamed uploads go through sendStreamedUpload, unless the caller brought its own fetch
  // (tests, openid-client-style injection): a stream can be read once, so only one may take it.
  const streamed = isStream && !transport.fetch ? raw : undefined;
  if (raw !== undefined && !streamed) {
    if (raw instanceof Readable) {
      init.body = Readable.toWeb(raw) as unknown as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    } else {
      init.body = raw as BodyInit;
      if (raw instanceof ReadableStream) init.duplex = 'half';
    }
  } else if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    init.body = JSON.stringify(options.body);
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  if (options.token !== undefined) headers.set('X-Auth-Token', options.token);
  if (options.microversion) {
    const { service, version } = options.microversion;
    headers.set('OpenStack-API-Version', `${service} ${version}`);
    // Nova before 2.27 only reads its legacy header; sending both is what novaclient does.
    // https://docs.openstack.org/api-guide/compute/microversions.html
    if (service === 'compute') headers.set('X-OpenStack-Nova-API-Version', version);
  }
  // A redirect would re-send X-Auth-Token to wherever it points; fetch only strips Authorization.
  if (headers.has('X-Auth-Token')) init.redirect = 'manual';
  if (transport.dispatcher) init.dispatcher = transport.dispatcher;
  return {
    fetch: transport.fetch ?? defaultFetch,
    streamed,
    dispatcher: transport.dispatcher,
    method,
    url: options.url,
    init,
    expected: options.expected,
    service: options.service,
    secrets: secretsFromHeaders(headers),
  };
}

async function send(call: PreparedCall, deadline: Deadline): Promise<Response> {
  if (call.streamed) {
    return deadline.race(
      sendStreamedUpload({
        url: call.url,
        method: call.method,
        headers: call.init.headers as Headers,
        body: call.streamed,
        dispatcher: call.dispatcher,
        signal: deadline.signal,
      }),
    );
  }
  return deadline.race(call.fetch(call.url, { ...call.init, signal: deadline.signal }));
}

/** Methods whose repetition has the effect of one call (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Before the one retry: this much, plus as much again at random, or the server's Retry-After. */
const RETRY_DELAY_MS = 250;
const MAX_RETRY_AFTER_MS = 2_000;

/** A body that can be sent twice: none, JSON, or bytes; never a stream. */
function replayable(options: RequestOptions): boolean {
  const raw = options.rawBody;
  return raw === undefined || !(raw instanceof Readable || raw instanceof ReadableStream);
}

/**
 * An idempotent call is sent once more, after a short backoff and within the same deadline,
 * when the server answers 503 (a proxy or API worker restarting) or the connection is reset
 * (a keep-alive socket the server had just closed): both are common at busy sites and gone a
 * moment later. Anything else, and any second failure, is the caller's to see.
 */
async function sendWithOneRetry(
  call: PreparedCall,
  deadline: Deadline,
  canReplay: boolean,
): Promise<Response> {
  const retryable = canReplay && IDEMPOTENT.has(call.method);
  let response: Response;
  try {
    response = await send(call, deadline);
  } catch (error) {
    if (!retryable || deadline.aborted || !isConnectionReset(error)) throw error;
    await deadline.race(pause(RETRY_DELAY_MS * (1 + Math.random())));
    return send(call, deadline);
  }
  if (!retryable || response.status !== 503) return response;
  await response.body?.cancel().catch(() => undefined);
  await deadline.race(pause(retryDelay(response.headers.get('retry-after'))));
  return send(call, deadline);
}

function retryDelay(retryAfter: string | null): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  return RETRY_DELAY_MS * (1 + Math.random());
}

function isConnectionReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function isSuccess(call: PreparedCall, status: number): boolean {
  return call.expected ? call.expected.includes(status) : status >= 200 && status < 300;
}

async function throwIfFailed(
  call: PreparedCall,
  response: Response,
  deadline: Deadline,
): Promise<void> {
  if (isSuccess(call, response.status)) return;
  const text = await deadline.race(response.text()).catch(() => '');
  throw httpError(call, response, text);
}

async function readData(
  call: PreparedCall,
  response: Response,
  deadline: Deadline,
): Promise<unknown> {
  if (response.status === 204 || response.status === 205 || call.method === 'HEAD') {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const text = await deadline.race(response.text());
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!/\bjson\b|\+json/i.test(type)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new OpenStackError('INVALID_RESPONSE', `${describe(call)} returned malformed JSON`, {
      ...context(call, response),
      cause,
    });
  }
}

function httpError(call: PreparedCall, response: Response, text: string): OpenStackError {
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  const parsed = parseErrorBody(body);
  const status = response.status;
  const reason = parsed.message ?? (response.statusText || `HTTP ${status}`);
  // A 2xx outside `expected` means the API behaved unlike its reference, not that it refused.
  const code: OpenStackErrorCode = status < 300 ? 'INVALID_RESPONSE' : codeForStatus(status);
  const redirected = status >= 300 && status < 400 && response.headers.has('location');
  const detail = redirected ? ' (redirect not followed)' : '';
  return new OpenStackError(
    code,
    scrubText(`${reason}${detail} (${describe(call)} → ${status})`, call.secrets),
    {
      ...context(call, response),
      ...(parsed.fault === undefined ? {} : { fault: parsed.fault }),
      ...(text === '' ? {} : { body: scrubValue(body, call.secrets) }),
    },
  );
}

function context(call: PreparedCall, response?: Response): OpenStackErrorDetails {
  const out: OpenStackErrorDetails = { method: call.method, url: redactUrl(call.url) };
  if (call.service !== undefined) out.service = call.service;
  if (response) {
    out.status = response.status;
    out.headers = redactHeaders(response.headers);
    const requestId =
      response.headers.get('x-openstack-request-id') ??
      response.headers.get('x-compute-request-id');
    if (requestId) out.requestId = requestId;
  }
  return out;
}

function describe(call: PreparedCall): string {
  const target = call.service ? `${call.service} ` : '';
  return `${target}${call.method} ${redactUrl(call.url)}`;
}

function toOpenStackError(error: unknown, call: PreparedCall, deadline: Deadline): OpenStackError {
  if (error instanceof OpenStackError) return error;
  if (deadline.timedOut) {
    return new OpenStackError('TIMEOUT', `${describe(call)} timed out`, {
      ...context(call),
      cause: error,
    });
  }
  if (deadline.aborted) {
    return new OpenStackError('ABORTED', `${describe(call)} was aborted`, {
      ...context(call),
      cause: error,
    });
  }
  const reason = networkReason(error);
  return new OpenStackError(
    'NETWORK_ERROR',
    scrubText(`${describe(call)} failed: ${reason}`, call.secrets),
    {
      ...context(call),
      cause: error,
    },
  );
}
