import type { WhoAmI } from '@fedcloud/hub/api-types';
import { type FormEvent, useId, useState } from 'react';
import type { Loadable } from '../../lib/api.js';
import { setAccessToken } from './auth.js';

function describeGrants(who: WhoAmI): string {
  if (who.grants.length === 0) return 'no role at the hub: you see your own usage';
  return who.grants
    .map((grant) => (grant.target ? `${grant.role} of ${grant.target}` : grant.role))
    .join(', ');
}

/**
 * Where a visitor gives an access token, so the views they answer for appear (a VO's top users
 * for its manager, a site's for its admin, their own usage); the public totals need none.
 */
export function TokenPanel({ token, who }: { token: string; who: Loadable<WhoAmI> }) {
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim().replace(/^Bearer\s+/i, '');
    if (value) setAccessToken(value);
    setDraft('');
  };

  if (token) {
    return (
      <div className="card token-panel" aria-live="polite">
        {who.status === 'ok' && who.data.kind !== 'anonymous' && (
          <p>
            Signed in with a token as <strong className="break">{who.data.subject}</strong>
            <span className="muted"> · {describeGrants(who.data)}</span>
          </p>
        )}
        {who.status === 'loading' && <p className="muted">Checking the token…</p>}
        {who.status === 'error' && (
          <p className="notice notice-error" role="alert">
            The hub refused this token: {who.error.message}
          </p>
        )}
        <button type="button" className="button" onClick={() => setAccessToken('')}>
          Forget the token
        </button>
      </div>
    );
  }
  return (
    <details className="card token-panel">
      <summary>Sign in with an access token for per-user usage</summary>
      <form onSubmit={submit}>
        <p className="muted small">
          Everyone sees the totals per site, VO and month. A VO manager sees the VO&apos;s users, a
          site admin the site&apos;s, and every user their own. The token stays in this tab and is
          sent only to this hub; <code>fedcloud token issue</code> prints one.
        </p>
        <div className="field">
          <label htmlFor={inputId}>Access token</label>
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={draft.trim() === ''}>
          Use this token
        </button>
      </form>
    </details>
  );
}
