/**
 * The hub's native API (`<hub>/api/v1/…`) as its clients call it: the agent publishing site
 * information, the local federation registering its sites. One request path, so every client
 * sends the same headers, keeps a deadline and reads the hub's `{"error": {code, message}}` alike.
 */
export interface HubCall {
  hubUrl: string;
  /** Under the hub's root, e.g. `/api/v1/sites/X/info`. */
  path: string;
  method?: string;
  /** A bearer token (the agent's client-credentials token, an administrator's). */
  token?: string;
  /**
   * Sent as JSON; a string is sent as it is (already serialised); bytes are sent unchanged,
   * typed by contentType (a signed image list is S/MIME, not JSON).
   */
  body?: unknown;
  /** The body's type; default `application/json`. */
  contentType?: string;
  /** A fetch on the caller's transport (transportFetch), so the hub's CA is trusted. */
  fetch: typeof fetch;
  signal?: AbortSignal | undefined;
  /** Default 60 s. */
  timeoutMs?: number;
}

export interface HubAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const DEFAULT_HUB_TIMEOUT_MS = 60_000;

/** `<hub>/<path>`, whether or not the hub URL ends with a slash or has a path of its own. */
export function hubApiUrl(hubUrl: string, path: string): string {
  const base = hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`;
  return new URL(path.replace(/^\/+/, ''), base).toString();
}

/**
 * One request to the hub, its whole body read. Network failures are thrown as fetch throws them
 * (decode them with networkCause); every HTTP status is returned for the caller to judge.
 */
export async function callHub(call: HubCall): Promise<HubAnswer> {
  const deadline = AbortSignal.timeout(call.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
  const init: RequestInit = {
    method: call.method ?? 'GET',
    headers,
    signal: call.signal ? AbortSignal.any([call.signal, deadline]) : deadline,
  };
  if (call.body !== undefined) {
    init.body =
      typeof call.body === 'string'
        ? call.body
        : call.body instanceof Uint8Array
          ? new Uint8Array(call.body)
          : JSON.stringify(call.body);
  }
  const response = await call.fetch(hubApiUrl(call.hubUrl, call.path), init);
  const text = await response.text().catch(() => '');
  return { status: response.status, headers: response.headers, text };
}

/** The hub's error, from its `{"error": {code, message}}` body; other bodies cut to one line. */
export function hubError(text: string): { code?: string; message: string } {
  if (text.trim() === '') return { message: '' };
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    if (typeof message === 'string') {
      return typeof code === 'string' ? { code, message } : { message };
    }
  } catch {
    // not the hub's JSON
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return { message: line.length > 200 ? `${line.slice(0, 200)}…` : line };
}
