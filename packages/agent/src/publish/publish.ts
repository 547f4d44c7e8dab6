import { networkCause, transportFetch } from '@fedcloud/openstack';
import { callHub, hubApiUrl, type HubAnswer } from '@fedcloud/sdk/hub';
import { AgentError } from '../errors.js';
import type { GlueDocument } from '../siteinfo/types.js';
import type { HubTokenSource } from './hub-token.js';
import { delay } from '../delay.js';
import { hubMessage } from '../hub-message.js';

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
  return hubApiUrl(hubUrl, infoPath(siteName));
}

function infoPath(siteName: string): string {
  return `/api/v1/sites/${encodeURIComponent(siteName)}/info`;
}

/** Longest Retry-After the agent waits for inside one cycle; a longer one ends the cycle. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * `PUT <hub>/api/v1/sites/<site>/info` with the agent's bearer token. Network errors and 5xx are
 * retried with exponential backoff (bounded), a 429 after the hub's Retry-After; any other 4xx
 * is final and its message comes from the hub's `{"error": {code, message}}` body. A 401 also
 * drops the cached token.
 */
export async function publishDocument(options: PublishOptions): Promise<PublishResult> {
  return putToHub(options, infoPath(options.siteName), JSON.stringify(options.document));
}

export interface HealthOptions extends Omit<PublishOptions, 'document'> {
  /** Why the site could not be read (never a secret: it comes from AgentError messages). */
  reason: string;
}

/**
 * `PUT <hub>/api/v1/sites/<site>/info/health` `{"state": "failing", reason}`: what the agent sends
 * instead of a document when it cannot read the site, so the hub keeps the last good document
 * and shows the site as failing. Retried like a publication.
 */
export async function reportFailing(options: HealthOptions): Promise<PublishResult> {
  const path = `${infoPath(options.siteName)}/health`;
  const reason =
    options.reason.length > 2000 ? `${options.reason.slice(0, 1999)}…` : options.reason;
  return putToHub(options, path, JSON.stringify({ state: 'failing', reason }));
}

async function putToHub(
  options: Omit<PublishOptions, 'document'>,
  path: string,
  body: string,
): Promise<PublishResult> {
  const url = hubApiUrl(options.hubUrl, path);
  const attempts = Math.max(1, options.retry?.attempts ?? 4);
  const baseDelay = options.retry?.baseDelayMs ?? 1000;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? delay;

  let lastProblem = '';
  let retryAfterMs: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) {
      const wait = retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** (attempt - 2));
      options.log?.(`retrying in ${wait} ms (${lastProblem})`);
      await sleep(wait, options.signal);
    }
    retryAfterMs = undefined;
    options.signal?.throwIfAborted();
    const token = await options.tokens.getToken(options.signal);
    let response: HubAnswer;
    try {
      response = await callHub({
        hubUrl: options.hubUrl,
        path,
        method: 'PUT',
        token,
        body,
        fetch: options.fetch ?? transportFetch({}),
        signal: options.signal,
        timeoutMs: options.timeoutMs ?? 60_000,
      });
    } catch (error) {
      options.signal?.throwIfAborted();
      // The code alone (ECONNREFUSED) keeps the retry line short.
      const cause = networkCause(error);
      lastProblem = `hub unreachable: ${cause.code ?? cause.message}`;
      continue;
    }
    const { text } = response;
    if (response.status >= 200 && response.status < 300) {
      return { url, status: response.status, attempts: attempt };
    }
    const message = hubMessage(text);
    if (response.status >= 500) {
      lastProblem = `hub answered HTTP ${response.status}${message ? `: ${message}` : ''}`;
      continue;
    }
    if (response.status === 429) {
      const wait = retryAfter(response.headers.get('retry-after'));
      lastProblem = `hub answered HTTP 429${message ? `: ${message}` : ''}`;
      if (wait !== undefined && wait <= MAX_RETRY_AFTER_MS) {
        retryAfterMs = wait;
        continue;
      }
      throw new AgentError(
        'PUBLISH_FAILED',
        `the hub asks ${options.siteName}'s agent to wait (HTTP 429${wait === undefined ? '' : `, Retry-After ${Math.round(wait / 1000)} s`}); the next cycle publishes`,
        { details: { status: 429, url } },
      );
    }
    if (response.status === 401) options.tokens.invalidate();
    throw new AgentError(
      'PUBLISH_REJECTED',
      `the hub refused the ${url.endsWith('/health') ? 'health report' : 'document'} for ${options.siteName} (HTTP ${response.status})${message ? `: ${message}` : ''}`,
      { details: { status: response.status, url } },
    );
  }
  throw new AgentError(
    'PUBLISH_FAILED',
    `could not publish to ${url} after ${attempts} tries: ${lastProblem}`,
    { details: { url, attempts } },
  );
}

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent. */
export function retryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
