import { networkReason } from '@fedcloud/openstack';

/** The answer of a GET: its body, or why there is none. */
export type GetResult =
  | { ok: true; status: number; text: string }
  /**
   * `unavailable`: no answer, or one saying "not now" (5xx, 408, 429): a cached copy is as good
   * as it gets. `rejected`: the server answered, but not with what was asked for (4xx): the URL
   * is wrong, and a cache would only hide that.
   */
  | {
      ok: false;
      kind: 'unavailable' | 'rejected';
      reason: string;
      status?: number;
      cause?: unknown;
    };

export interface GetOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  accept: string;
}

/**
 * One GET with a deadline covering the body too. The caller's own abort is thrown as is (the
 * user pressed Ctrl-C: no fallback should run); every other failure is returned, classified.
 */
export async function getText(url: string, options: GetOptions): Promise<GetResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    const response = await options.fetch(url, {
      headers: { accept: options.accept },
      signal,
      redirect: 'follow',
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const status = response.status;
      const unavailable = status >= 500 || status === 408 || status === 429;
      return {
        ok: false,
        kind: unavailable ? 'unavailable' : 'rejected',
        reason: `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`,
        status,
      };
    }
    return { ok: true, status: response.status, text: await response.text() };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (deadline.aborted) {
      return {
        ok: false,
        kind: 'unavailable',
        reason: `no answer within ${formatSeconds(options.timeoutMs)}`,
        cause: error,
      };
    }
    return { ok: false, kind: 'unavailable', reason: networkReason(error), cause: error };
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
