import { networkCause } from '@fedcloud/openstack';
import {
  accountingBatchAnswerSchema,
  putAccountingBatch,
  type AccountingBatchAnswer,
} from '@fedcloud/sdk/accounting';
import type { HubAnswer } from '@fedcloud/sdk/hub';
import { isAgentError, reasonOf } from '../errors.js';
import type { HubTokenSource } from '../publish/hub-token.js';
import { retryAfter, type RetryPolicy } from '../publish/publish.js';
import type { CrashHook } from './crash-points.js';
import type { Spool, SpooledMessage } from './spool.js';
import { delay } from '../delay.js';
import { hubMessage } from '../hub-message.js';

export interface SendOptions {
  spool: Spool;
  hubUrl: string;
  siteName: string;
  tokens: HubTokenSource;
  fetch: typeof fetch;
  retry?: RetryPolicy;
  timeoutMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  crash?: CrashHook;
  /** For tests: how to wait between tries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SendSummary {
  /** Messages the hub took (removed from the spool). */
  sent: number;
  /** Of those, batches the hub already had (a resend after a crash). */
  duplicates: number;
  /** Records the hub stored from them. */
  recordsAccepted: number;
  /** Records it refused inside messages it took (copies kept under rejected/). */
  recordsRejected: number;
  /** Messages the hub refused as a whole, set aside under rejected/. */
  rejected: number;
  /** Messages still in the spool after this run. */
  pending: number;
  /** Why sending stopped before the spool was empty (hub down, token refused). */
  stopped?: string;
}

/** Longest Retry-After honoured within one run; a longer one leaves the rest for the next run. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

type Outcome =
  | { kind: 'stored'; answer: AccountingBatchAnswer | undefined }
  | { kind: 'refused'; reason: string }
  | { kind: 'stop'; reason: string };

/**
 * Sends every spooled message to the hub, oldest first, as `PUT …/accounting/batches/<id>`
 * (the spool id, so a resend is recognised). A message leaves the spool only once the hub
 * answered 2xx. Network errors, 5xx, 408 and 429 are retried with exponential backoff; when the
 * tries run out sending stops and the rest waits for the next run. Any other 4xx refuses that
 * message alone: it is set aside under `rejected/` with the hub's reason and the next is sent.
 * 401 drops the cached token and tries once more; 403 and 404 concern the site, not the message
 * (no role for this agent, a site the hub does not know): sending stops, nothing is set aside.
 */
export async function sendSpool(options: SendOptions): Promise<SendSummary> {
  const summary: SendSummary = {
    sent: 0,
    duplicates: 0,
    recordsAccepted: 0,
    recordsRejected: 0,
    rejected: 0,
    pending: 0,
  };
  const messages = await options.spool.pending();
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i]!;
    let text: string;
    try {
      text = await options.spool.read(message);
    } catch (error) {
      // Sent and removed by another sender meanwhile.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const outcome = await sendOne(options, message, text);
    if (outcome.kind === 'stop') {
      summary.stopped = outcome.reason;
      summary.pending = messages.length - i;
      return summary;
    }
    if (outcome.kind === 'refused') {
      await options.spool.reject(message, outcome.reason);
      options.log?.(`batch ${message.id} refused by the hub, set aside: ${outcome.reason}`);
      summary.rejected += 1;
      continue;
    }
    options.crash?.('send');
    const answer = outcome.answer;
    if (answer && answer.rejected.length > 0) {
      const reasons = answer.rejected
        .map((r) => `record ${r.index}${r.vmUuid ? ` (VMUUID ${r.vmUuid})` : ''}: ${r.reason}`)
        .join('\n');
      await options.spool.keepRejectedRecords(message, text, reasons);
      options.log?.(
        `batch ${message.id}: the hub refused ${answer.rejected.length} of its records (kept under rejected/${message.id}.reason)`,
      );
    }
    await options.spool.remove(message);
    summary.sent += 1;
    if (answer?.duplicate) summary.duplicates += 1;
    summary.recordsAccepted += answer?.accepted ?? 0;
    summary.recordsRejected += answer?.rejected.length ?? 0;
  }
  return summary;
}

async function sendOne(
  options: SendOptions,
  message: SpooledMessage,
  text: string,
): Promise<Outcome> {
  const attempts = Math.max(1, options.retry?.attempts ?? 5);
  const baseDelay = options.retry?.baseDelayMs ?? 1000;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? delay;
  let lastProblem = '';
  let wait: number | undefined;
  let reauthenticated = false;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) {
      const ms = wait ?? Math.min(maxDelay, baseDelay * 2 ** (attempt - 2));
      options.log?.(`batch ${message.id}: retrying in ${ms} ms (${lastProblem})`);
      await sleep(ms, options.signal);
    }
    wait = undefined;
    options.signal?.throwIfAborted();
    let token: string;
    try {
      token = await options.tokens.getToken(options.signal);
    } catch (error) {
      options.signal?.throwIfAborted();
      return { kind: 'stop', reason: isAgentError(error) ? error.message : reasonOf(error) };
    }
    let answer: HubAnswer;
    try {
      answer = await putAccountingBatch({
        hubUrl: options.hubUrl,
        siteName: options.siteName,
        batchId: message.id,
        message: text,
        token,
        fetch: options.fetch,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
    } catch (error) {
      options.signal?.throwIfAborted();
      const cause = networkCause(error);
      lastProblem = `hub unreachable: ${cause.code ?? cause.message}`;
      continue;
    }
    const status = answer.status;
    if (status >= 200 && status < 300) return { kind: 'stored', answer: parseAnswer(answer.text) };
    const said = hubMessage(answer.text);
    const problem = `HTTP ${status}${said ? `: ${said}` : ''}`;
    if (status >= 500 || status === 408 || status === 429) {
      lastProblem = `hub answered ${problem}`;
      const after = retryAfter(answer.headers.get('retry-after'));
      if (after !== undefined) {
        if (after > MAX_RETRY_AFTER_MS) {
          return {
            kind: 'stop',
            reason: `the hub asks to wait ${Math.round(after / 1000)} s (${problem})`,
          };
        }
        wait = after;
      }
      continue;
    }
    if (status === 401) {
      options.tokens.invalidate();
      if (!reauthenticated) {
        reauthenticated = true;
        attempt -= 1; // a fresh token is not a retry
        lastProblem = `hub answered ${problem}`;
        wait = 0;
        continue;
      }
      return { kind: 'stop', reason: `the hub refuses the agent's token (${problem})` };
    }
    if (status === 403 || status === 404) {
      return {
        kind: 'stop',
        reason: `the hub refuses ${options.siteName}'s batches (${problem}): is the site registered and the agent's client given the site-agent role?`,
      };
    }
    return { kind: 'refused', reason: problem };
  }
  return {
    kind: 'stop',
    reason: `batch ${message.id} not sent after ${attempts} tries: ${lastProblem}`,
  };
}

/** A 2xx whose body is not the expected answer still counts as stored: the hub said so. */
function parseAnswer(text: string): AccountingBatchAnswer | undefined {
  try {
    const parsed = accountingBatchAnswerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
