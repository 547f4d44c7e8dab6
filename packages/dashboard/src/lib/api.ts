import { useEffect, useState } from 'react';

/** The hub serves the pages and the API from one origin. */
const API_BASE = '/api/v1';

/** What went wrong with one API call, carrying the hub's own error code and message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

/** Reads the hub's `{"error":{"code","message"}}` body; anything else yields undefined. */
export function parseErrorBody(body: unknown): { code: string; message: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  return { code: typeof code === 'string' ? code : 'ERROR', message };
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      signal,
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', `Cannot reach the hub (${(error as Error).message}).`);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = parseErrorBody(body);
    throw new ApiError(
      response.status,
      parsed?.code ?? `HTTP_${response.status}`,
      parsed?.message ?? `The hub answered ${response.status} ${response.statusText}.`,
    );
  }
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(
      response.status,
      'BAD_RESPONSE',
      `The hub sent something that is not JSON for ${path}.`,
    );
  }
}

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ok'; data: T };

/**
 * GETs `path` (relative to /api/v1) whenever it changes; `null` means "nothing to load yet".
 * The result is keyed by path so a page never shows the previous path's data while loading.
 */
export function useApi<T>(path: string | null): Loadable<T> {
  const [result, setResult] = useState<{ path: string; value: Loadable<T> } | undefined>();

  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    getJson<T>(path, controller.signal).then(
      (data) => setResult({ path, value: { status: 'ok', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError ? error : new ApiError(0, 'CLIENT', (error as Error).message);
        setResult({ path, value: { status: 'error', error: apiError } });
      },
    );
    return () => controller.abort();
  }, [path]);

  if (path === null) return { status: 'idle' };
  if (result?.path !== path) return { status: 'loading' };
  return result.value;
}
