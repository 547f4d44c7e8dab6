import { isOpenStackError, redactUrl, request, type Transport } from '@fedcloud/openstack';
import type { z } from 'zod';
import { FedcloudError, type FedcloudErrorCode } from '../errors.js';
import { isTlsTrustFailure, TLS_TRUST_HINT } from './hints.js';
import { scrub } from './redact.js';

export interface JsonCall<T> {
  transport: Transport;
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  schema: z.ZodType<T>;
  /** What the call is for, in words: "the mytoken server", "the issuer's userinfo". */
  what: string;
  code: FedcloudErrorCode;
  hint?: string;
  /** Literal values to keep out of messages (what we sent in the body, not only in headers). */
  secrets?: readonly (string | undefined)[];
}

/** Why an HTTP call failed, and the status when the server answered. */
interface HttpFailure {
  status?: number;
  reason: string;
  /** The OAuth `error` code of the answer, when it has one (`invalid_token`, …). */
  error?: string;
}

function httpFailure(error: unknown): HttpFailure {
  if (isOpenStackError(error)) {
    if (error.status === undefined) return { reason: error.message };
    const code = oauthError(error.body);
    return {
      status: error.status,
      reason: oauthReason(error.body, error.status) ?? error.message,
      ...(code === undefined ? {} : { error: code }),
    };
  }
  return { reason: error instanceof Error ? error.message : String(error) };
}

function oauthError(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error } = body as Record<string, unknown>;
  return typeof error === 'string' ? error : undefined;
}

/**
 * OAuth-style error bodies (`{error, error_description}`, RFC 6749 §5.2) that OIDC issuers and
 * mytoken servers send; the OpenStack error parser does not know them.
 */
function oauthReason(body: unknown, status: number): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = oauthError(body);
  if (error === undefined) return undefined;
  const { error_description: description } = body as Record<string, unknown>;
  const text = typeof description === 'string' && description ? `${error}: ${description}` : error;
  return `${text} (HTTP ${status})`;
}

/**
 * One JSON request through the shared transport (its dispatcher carries the custom CAs, its
 * timeout applies), validated with zod, failures turned into a FedcloudError of the caller's code.
 */
export async function callJson<T>(call: JsonCall<T>): Promise<T> {
  let data: unknown;
  try {
    const response = await request(call.transport, {
      method: call.method ?? 'GET',
      url: call.url,
      ...(call.headers ? { headers: call.headers } : {}),
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(call.signal ? { signal: call.signal } : {}),
    });
    data = response.data;
  } catch (error) {
    throw failed(call, httpFailure(error), error);
  }
  const parsed = call.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new FedcloudError(
      call.code,
      `${call.what} returned an unexpected answer${where}: ${issue?.message ?? 'invalid'}`,
      { details: { url: redactUrl(call.url) }, ...(call.hint ? { hint: call.hint } : {}) },
    );
  }
  return parsed.data;
}

function failed<T>(call: JsonCall<T>, failure: HttpFailure, error: unknown): FedcloudError {
  const secrets = call.secrets ?? [];
  const message = scrub(`${call.what} failed: ${failure.reason}`, secrets);
  return new FedcloudError(call.code, message, {
    details: {
      url: redactUrl(call.url),
      ...(failure.status === undefined ? {} : { status: failure.status }),
      ...(failure.error === undefined ? {} : { error: scrub(failure.error, secrets) }),
    },
    ...(failure.status === undefined && isTlsTrustFailure(failure.reason)
      ? { hint: TLS_TRUST_HINT }
      : call.hint
        ? { hint: call.hint }
        : {}),
    // Network failures keep their cause (TLS and DNS details live there); an HTTP answer's body
    // could echo what we sent, so only its scrubbed summary above is kept.
    ...(failure.status === undefined ? { cause: error } : {}),
  });
}
