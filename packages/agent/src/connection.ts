import type { SecureContext } from 'node:tls';
import { transportFetch, type Transport } from '@fedcloud/openstack';
import { createTransport, trustStore } from '@fedcloud/sdk';
import { Agent } from 'undici';
import { AgentError } from './errors.js';

export interface ConnectionOptions {
  /** A fetch to use for everything (the sandbox's, which trusts its CA). */
  fetch?: typeof fetch;
  /** Extra CA bundle (PEM) trusted besides the system CAs. */
  caFile?: string;
  /**
   * The trust store already built (see `trustContext`), used instead of building one from
   * `caFile`: a process running many agents builds it once, not ~40 ms of CPU per agent.
   */
  secureContext?: SecureContext;
  /** Per OpenStack request; default 60 s (a site with many images answers slowly). */
  timeoutMs?: number;
}

/** How one agent reaches the site, the hub and the issuer, with one CA trust for all. */
export interface Connection {
  transport: Transport;
  fetch: typeof fetch;
  /** For the TLS check of the endpoint certificate. */
  secureContext?: SecureContext;
  close(): Promise<void>;
}

export function openConnection(options: ConnectionOptions): Connection {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const secureContext =
    options.secureContext ?? (options.caFile ? trustContext(options.caFile) : undefined);
  if (options.fetch) {
    return {
      transport: { fetch: options.fetch, timeoutMs },
      fetch: options.fetch,
      ...(secureContext ? { secureContext } : {}),
      close: () => Promise.resolve(),
    };
  }
  let transport: Transport;
  try {
    transport = {
      ...createTransport(options.caFile ? { caFile: options.caFile } : {}),
      timeoutMs,
    };
  } catch (error) {
    throw new AgentError('USAGE', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const dispatcher = transport.dispatcher ?? new Agent();
  return {
    transport,
    fetch: transportFetch({ ...transport, dispatcher }),
    ...(secureContext ? { secureContext } : {}),
    close: () => dispatcher.close(),
  };
}

/** The system CAs plus those of `caFile`, as one TLS context to share. */
export function trustContext(caFile: string): SecureContext {
  try {
    return trustStore({ caFile });
  } catch (error) {
    throw new AgentError('USAGE', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}
