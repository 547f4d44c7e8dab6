import { AgentError, reasonOf } from '../errors.js';
import type { GlueDocument } from '../siteinfo/types.js';
import type { HubTokenSource } from './hub-token.js';

export interface RetryPolicy {
  /** Tries in all, the first included; default 4. */
  attempts?: number;
  /** Delay before the second try, doubled after each failure; default 1000 ms. */
  baseDelayMs?: number;
  /** Longest single delay; default 30 s. */
  maxDelayMs?: number;
}

export interface PublishOptions {
  hubUrl: string;
  siteName: string;
  document: GlueDocument;
  tokens: HubTokenSource;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Per request; default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** For tests: how to wait between tries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface PublishResult {
  url: string;
  status: number;
  attempts: number;
}

/** `<hub>/api/v1/sites/<site>/info` */
export function infoUrl(hubUrl: string, siteName: string): string {
  const base = hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`;
  return new URL(`api/v1/sites/${encodeURIComponent(siteName)}/info`, base).toString();
}

/**
 * `PUT <hub>/api/v1/sites/<site>/info` with the agent's bearer token. Network errors and 5xx are
 * retried with exponential backoff (bounded); a 4xx is final and its message comes from the
 * hub's `{"error": {code, message}}` body. A 401 also drops the cached token.
 */
export async function publishDocument(options: PublishOptions): Promise<PublishResult> {
  const url = infoUrl(options.hubUrl, options.siteName);
  const fetchFn = options.fetch ?? fetch;
  const attempts = Math.max(1, options.retry?.attempts ?? 4);
  const baseDelay = options.retry?.baseDelayMs ?? 1000;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? delay;
  const body = JSON.stringify(options.document);

  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) {
      const wait = Math.min(maxDelay, baseDelay * 2 ** (attempt - 2));
      options.log?.(`retrying in ${wait} ms (${lastProblem})`);
      await sleep(wait, options.signal);
    }
    options.signal?.throwIfAborted();
    const token = await options.tokens.getToken(options.signal);
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
      response = await fetchFn(url, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${token}`,
        },
        body,
        signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      });
    } catch (error) {
      options.signal?.throwIfAborted();
      lastProblem = `hub unreachable: ${networkReason(error)}`;
      continue;
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return { url, status: response.status, attempts: attempt };
    const message = hubMessage(text);
    if (response.status >= 500) {
      lastProblem = `hub answered HTTP ${response.status}${message ? `: ${message}` : ''}`;
      continue;
    }
    if (response.status === 401) options.tokens.invalidate();
    throw new AgentError(
      'PUBLISH_REJECTED',
      `the hub refused the document for ${options.siteName} (HTTP ${response.status})${message ? `: ${message}` : ''}`,
      { details: { status: response.status, url } },
    );
  }
  throw new AgentError(
    'PUBLISH_FAILED',
    `could not publish to ${url} after ${attempts} tries: ${lastProblem}`,
    { details: { url, attempts } },
  );
}

/** The hub's `{"error": {"code", "message"}}`; other bodies shortened to one line. */
function hubMessage(text: string): string {
  if (text.trim() === '') return '';
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    if (typeof message === 'string') {
      return typeof code === 'string' ? `${code}: ${message}` : message;
    }
  } catch {
    // not JSON
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return cause ? cause.message : reasonOf(error);
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
