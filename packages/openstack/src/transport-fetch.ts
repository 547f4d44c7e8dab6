import { fetch as undiciFetch } from 'undici';
import type { Transport } from './request.js';

/**
 * A WHATWG fetch bound to a transport, for callers that need a plain `fetch` (openid-client, the
 * hub's API, GOCDB): their requests trust the same CA bundle (IGTF, the sandbox CA) and share the
 * same connection pool as every OpenStack call.
 */
export function transportFetch(transport: Transport): typeof fetch {
  return (input, init) => {
    const withDispatcher = transport.dispatcher
      ? { ...init, dispatcher: transport.dispatcher }
      : (init ?? {});
    if (transport.fetch) return transport.fetch(input, withDispatcher);
    const url = typeof input === 'string' || input instanceof URL ? input : input.url;
    return undiciFetch(
      url,
      withDispatcher as Parameters<typeof undiciFetch>[1],
    ) as unknown as Promise<Response>;
  };
}
