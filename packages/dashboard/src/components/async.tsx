import type { ReactNode } from 'react';
import type { ApiError, Loadable } from '../lib/api.js';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

function ErrorPanel({ error, what }: { error: ApiError; what: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {error.message}
      </p>
      {error.status > 0 && (
        <p className="muted small">
          HTTP {error.status} · {error.code}
        </p>
      )}
    </div>
  );
}

interface AsyncProps<T> {
  state: Loadable<T>;
  /** Names the data in messages: "the sites", "the images". */
  what: string;
  children: (data: T) => ReactNode;
  /** Rendered instead of the error panel for a 404. */
  notFound?: (error: ApiError) => ReactNode;
}

/** Loading, error and data states of one API read, so every page handles all three the same way. */
export function Async<T>({ state, what, children, notFound }: AsyncProps<T>) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'loading':
      return <Loading what={what} />;
    case 'error':
      if (notFound && state.error.notFound) return <>{notFound(state.error)}</>;
      return <ErrorPanel error={state.error} what={what} />;
    case 'ok':
      return <>{children(state.data)}</>;
  }
}
