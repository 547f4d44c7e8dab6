import { z } from 'zod';
import { hubApiUrl, type HubAnswer } from '../hub/api.js';

/**
 * The hub's accounting batch API, as the agent's sender speaks it: one spooled message per
 * `PUT <hub>/api/v1/sites/<site>/accounting/batches/<batchId>` (`text/plain`, the message text as
 * SSM would carry it). The batch id is the spool file's own, so a message sent again after a crash
 * between the hub's store and its answer is known to the hub and counted once.
 */
export const ACCOUNTING_BATCH_CONTENT_TYPE = 'text/plain';

/** Batch ids: URL- and file-name-safe, at most 128 characters. */
export const BATCH_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function accountingBatchPath(siteName: string, batchId: string): string {
  return `/api/v1/sites/${encodeURIComponent(siteName)}/accounting/batches/${encodeURIComponent(batchId)}`;
}

/** The hub's answer to a batch: what it kept, what it refused and why, whether it had it already. */
export const accountingBatchAnswerSchema = z
  .object({
    batch: z.string(),
    accepted: z.number().int().nonnegative(),
    rejected: z.array(
      z
        .object({ index: z.number().int(), vmUuid: z.string().optional(), reason: z.string() })
        .loose(),
    ),
    duplicate: z.boolean(),
  })
  .loose();

export type AccountingBatchAnswer = z.infer<typeof accountingBatchAnswerSchema>;

export interface AccountingBatchCall {
  hubUrl: string;
  siteName: string;
  batchId: string;
  message: string;
  /** The agent's client-credentials bearer token. */
  token: string;
  /** A fetch on the caller's transport. */
  fetch: typeof fetch;
  signal?: AbortSignal;
  /** Default 60 s. */
  timeoutMs?: number;
}

/**
 * Sends one batch and returns the hub's answer whatever its status; network failures are thrown
 * as fetch throws them.
 */
export async function putAccountingBatch(call: AccountingBatchCall): Promise<HubAnswer> {
  const deadline = AbortSignal.timeout(call.timeoutMs ?? 60_000);
  const response = await call.fetch(
    hubApiUrl(call.hubUrl, accountingBatchPath(call.siteName, call.batchId)),
    {
      method: 'PUT',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${call.token}`,
        'content-type': ACCOUNTING_BATCH_CONTENT_TYPE,
      },
      body: call.message,
      signal: call.signal ? AbortSignal.any([call.signal, deadline]) : deadline,
    },
  );
  const text = await response.text().catch(() => '');
  return { status: response.status, headers: response.headers, text };
}
