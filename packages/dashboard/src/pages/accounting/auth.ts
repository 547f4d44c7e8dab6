import type { WhoAmI } from '@fedcloud/hub/api-types';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, type Loadable, parseErrorBody } from '../../lib/api.js';

/**
 * The dashboard has no sign-in of its own: a visitor who answers for some usage (their own,
 * their VO's, their site's) gives an access token, which is kept in this tab only
 * (sessionStorage) and sent only to this hub's own API, as `fedcloud accounting` sends it.
 */
const KEY = 'fedcloud-hub.access-token';
const CHANGED = 'fedcloud:access-token';

function read(): string {
  try {
    return window.sessionStorage.getItem(KEY) ?? '';
  } catch {
    return ''; // storage refused (private mode settings): the public views still work
  }
}

export function setAccessToken(token: string): void {
  try {
    if (token) window.sessionStorage.setItem(KEY, token);
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // as above
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The token given in this tab, or '' for none. */
export function useAccessToken(): string {
  return useSyncExternalStore(subscribe, read);
}

/** GET under /api/v1 with the bearer token; the hub's own error message when it refuses. */
async function getWithToken<T>(path: string, token: string, signal: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      signal,
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError(0, 'NETWORK', `Cannot reach the hub (${(error as Error).message}).`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = parseErrorBody(body);
    throw new ApiError(
      response.status,
      parsed?.code ?? `HTTP_${response.status}`,
      parsed?.message ?? `The hub answered ${response.status} ${response.statusText}.`,
    );
  }
  return body as T;
}

/** useApi's counterpart for reads that need the token; `null` path or no token loads nothing. */
export function useTokenApi<T>(path: string | null, token: string): Loadable<T> {
  const key = path === null || !token ? null : `${token}\n${path}`;
  const [result, setResult] = useState<{ key: string; value: Loadable<T> } | undefined>();
  useEffect(() => {
    if (key === null || path === null) return undefined;
    const controller = new AbortController();
    getWithToken<T>(path, token, controller.signal).then(
      (data) => setResult({ key, value: { status: 'ok', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError ? error : new ApiError(0, 'CLIENT', (error as Error).message);
        setResult({ key, value: { status: 'error', error: apiError } });
      },
    );
    return () => controller.abort();
  }, [key, path, token]);
  if (key === null) return { status: 'idle' };
  if (result?.key !== key) return { status: 'loading' };
  return result.value;
}

/** Who the token names, as the hub sees them (subject and role grants). */
export function useWhoAmI(token: string): Loadable<WhoAmI> {
  return useTokenApi<WhoAmI>('/whoami', token);
}

/** Whether the grants let their holder see per-user usage of this VO or site (visibility.ts). */
export function mayReadDetail(who: WhoAmI, target: { site?: string; vo?: string }): boolean {
  return who.grants.some(
    (grant) =>
      grant.role === 'federation-admin' ||
      (grant.role === 'vo-manager' && target.vo !== undefined && grant.target === target.vo) ||
      (grant.role === 'site-admin' && target.site !== undefined && grant.target === target.site),
  );
}
