import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { Transport } from '@fedcloud/openstack';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { FedcloudError } from './errors.js';

export interface TransportOptions {
  /** Extra CA bundle (PEM) trusted besides the system CAs. */
  caFile?: string;
  /** Folder of CA certificates (IGTF style: *.pem, *.0). */
  caDir?: string;
  timeoutMs?: number;
  /** One line per request: method, URL (query redacted), status, ms. Never a token. */
  debug?: (line: string) => void;
}

/**
 * The CA trust a user has already configured, in order: our flags / FEDCLOUD_CA_FILE and
 * FEDCLOUD_CA_DIR, then what the Python tools read (OS_CACERT for openstackclient,
 * REQUESTS_CA_BUNDLE for requests, SSL_CERT_FILE / SSL_CERT_DIR for OpenSSL), so an IGTF bundle
 * set up for fedcloudclient works unchanged.
 */
export function caTrustFromEnv(
  given: { caFile?: string | undefined; caDir?: string | undefined },
  env: NodeJS.ProcessEnv,
): { caFile?: string; caDir?: string } {
  const first = (...values: (string | undefined)[]) =>
    values.map((v) => v?.trim()).find((v) => v !== undefined && v !== '');
  const caFile = first(given.caFile, env.OS_CACERT, env.REQUESTS_CA_BUNDLE, env.SSL_CERT_FILE);
  const caDir = first(given.caDir, env.SSL_CERT_DIR);
  return { ...(caFile ? { caFile } : {}), ...(caDir ? { caDir } : {}) };
}

/** Idle keep-alive sockets are reused for this long: a fan-out talks to each site several times. */
const KEEP_ALIVE_MS = 10_000;

/**
 * An undici-based transport trusting the system CAs plus the given ones. Many EGI sites use IGTF
 * CAs that are not in the Mozilla store, hence caFile / caDir (e.g. /etc/grid-security/certificates).
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const dispatcher = new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    // One SecureContext for every connection of every site: built per connection it costs
    // ~30 ms of CPU each, which dominated ALL_SITES runs.
    connect: { secureContext: trustContext(extraCas(options)) },
  });
  const transport: Transport = { dispatcher };
  if (options.timeoutMs !== undefined) transport.timeoutMs = options.timeoutMs;
  if (options.debug) transport.fetch = loggingFetch(dispatcher, options.debug);
  return transport;
}

/** The internal handle of a SecureContext; `addCACert` is what `ca` entries go through. */
interface NativeContext {
  addCACert?: (pem: string) => void;
}

/**
 * The system roots plus `ca`. Node parses its bundled roots once per process in C++; passing
 * them back as `ca` strings (the documented way, since `ca` replaces the default store) parses
 * all ~150 PEM blocks again in JS, ~50 ms per run. Adding the extra CAs to the default store's
 * context does the same at the cost of the extra CAs alone; the `ca` route stays as fallback
 * should a Node release drop the handle.
 */
/**
 * The trust store a transport uses (system roots plus caFile / caDir), for a process that opens
 * many transports or TLS checks of its own and should build it once.
 */
export function trustStore(options: Pick<TransportOptions, 'caFile' | 'caDir'>): SecureContext {
  return trustContext(extraCas(options));
}

function trustContext(ca: string[]): SecureContext {
  const context = createSecureContext();
  if (ca.length === 0) return context;
  // @types/node types the handle as `any`.
  const native = (context as unknown as { context?: NativeContext }).context;
  if (typeof native?.addCACert !== 'function') {
    return createSecureContext({ ca: [...rootCertificates, ...ca] });
  }
  for (const pem of ca) native.addCACert(pem);
  return context;
}

type FetchInit = RequestInit & { dispatcher?: Dispatcher };

/** Wraps undici's fetch to log `METHOD URL -> STATUS (N ms)` once the headers are in. */
function loggingFetch(dispatcher: Dispatcher, debug: (line: string) => void): typeof fetch {
  const logged = async (input: string | URL | Request, init?: FetchInit): Promise<Response> => {
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const url = input instanceof Request ? input.url : String(input);
    const secrets = secretValues(init?.headers);
    const started = performance.now();
    const line = (outcome: string): string =>
      scrub(
        `${method} ${debugUrl(url)} -> ${outcome} (${Math.round(performance.now() - started)} ms)`,
        secrets,
      );
    try {
      const response = (await undiciFetch(url, {
        ...(init as object),
        dispatcher: init?.dispatcher ?? dispatcher,
      })) as unknown as Response;
      debug(line(String(response.status)));
      return response;
    } catch (error) {
      debug(line(failureName(error)));
      throw error;
    }
  };
  return logged;
}

/**
 * The URL for a log line: no user info and no query string at all. Query values carry markers,
 * signatures (Swift temp URLs) and sometimes tokens; a debug line never needs them.
 */
export function debugUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const query = parsed.search === '' ? '' : '?<redacted>';
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
  } catch {
    return url.replace(/\?.*$/s, '?<redacted>');
  }
}

const SECRET_HEADERS = [
  'x-auth-token',
  'x-subject-token',
  'authorization',
  'x-service-token',
  'x-vault-token',
];

/** The credential values a request carries, to scrub them should they appear in a path. */
function secretValues(headers: HeadersInit | undefined): string[] {
  if (headers === undefined) return [];
  const all = new Headers(headers);
  const out: string[] = [];
  for (const name of SECRET_HEADERS) {
    const value = all.get(name);
    if (!value) continue;
    out.push(value);
    const credential = /^\s*\w+\s+(\S+)\s*$/.exec(value)?.[1];
    if (credential) out.push(credential);
  }
  return out.filter((secret) => secret.length >= 6);
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('<redacted>');
  return out;
}

/** undici hides the useful reason (ECONNREFUSED, a certificate error) in `cause`. */
function failureName(error: unknown): string {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  // Happy-eyeballs connects fail as an AggregateError of one error per address.
  const first = inner instanceof AggregateError ? (inner.errors[0] as unknown) : inner;
  const code = (first as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return `ERROR ${code}`;
  if (inner instanceof Error) return `ERROR ${inner.name}`;
  return 'ERROR';
}

/** Read once, at creation: CA bundles do not change during a run. */
function extraCas(options: TransportOptions): string[] {
  const pems = new Set<string>();
  // Node adds NODE_EXTRA_CA_CERTS to its default store only, which an explicit `ca` replaces.
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (extra && (options.caFile || options.caDir)) {
    for (const pem of certificatesIn(readCaFile(extra))) pems.add(pem);
  }
  if (options.caFile) {
    const found = certificatesIn(readCaFile(options.caFile));
    if (found.length === 0) {
      throw new FedcloudError('USAGE', `no certificate found in CA file ${options.caFile}`);
    }
    for (const pem of found) pems.add(pem);
  }
  if (options.caDir) {
    for (const pem of certificatesInDir(options.caDir)) pems.add(pem);
  }
  return [...pems];
}

/** IGTF folders hold `<hash>.0` links next to `*.pem`, plus .signing_policy, .crl_url, .r0 (CRLs). */
const CA_FILE = /\.(pem|crt|\d+)$/;

function certificatesInDir(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new FedcloudError('USAGE', `cannot read CA folder ${dir}`, { cause: error });
  }
  const out: string[] = [];
  for (const name of names.filter((n) => CA_FILE.test(n)).sort()) {
    const file = join(dir, name);
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue; // a dangling hash link or a sub-folder is not a CA
    }
    out.push(...certificatesIn(content));
  }
  return out;
}

function readCaFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new FedcloudError('USAGE', `cannot read CA file ${file}`, { cause: error });
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** PEM certificate blocks of a file (other blocks such as keys are left out); DER is converted. */
function certificatesIn(content: Buffer): string[] {
  const blocks = content.toString('latin1').match(PEM_BLOCK);
  if (blocks) return blocks.map((block) => `${block}\n`);
  try {
    return [new X509Certificate(content).toString()];
  } catch {
    return [];
  }
}
