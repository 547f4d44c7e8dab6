import { Readable } from 'node:stream';
import { OpenStackError } from './errors.js';
import { findEndpoint, type EndpointInterface } from './keystone/catalog.js';
import type { ScopedAuth } from './keystone/types.js';
import {
  request,
  requestStream,
  type Microversion,
  type MicroversionService,
  type OpenStackResponse,
  type RequestOptions,
  type Transport,
} from './request.js';
import { joinUrl, withQuery, type Query } from './url.js';

/** Catalogue service types this package has routes for; any other type string also works. */
export type ServiceType = 'compute' | 'image' | 'network' | 'volumev3' | 'identity' | (string & {});

export interface ClientOptions {
  transport?: Transport;
  auth: ScopedAuth;
  /** Region to pick endpoints from; the first matching endpoint when omitted. */
  region?: string;
  interface?: EndpointInterface;
}

export interface ServiceRequestOptions extends Omit<
  RequestOptions,
  'url' | 'token' | 'microversion' | 'service'
> {
  query?: Query;
  /** A version string uses the service's own microversion header name (compute, volume). */
  microversion?: string | Microversion;
}

/**
 * A project-scoped session: free route functions (`listServers(client, …)`) call through it.
 * Its auth is replaced, never mutated, when it re-authenticates.
 */
export interface Client {
  readonly transport: Transport;
  readonly region: string | undefined;
  readonly interface: EndpointInterface;
  /** The current auth; changes after a re-authentication. */
  readonly auth: ScopedAuth;
  endpoint(service: ServiceType): string;
  request<T = unknown>(
    service: ServiceType,
    path: string,
    options?: ServiceRequestOptions,
  ): Promise<OpenStackResponse<T>>;
  requestStream(
    service: ServiceType,
    path: string,
    options?: ServiceRequestOptions,
  ): Promise<Response>;
}

/** Re-authenticate this long before `expiresAt` rather than send a token about to lapse. */
const EXPIRY_MARGIN_MS = 30_000;

const MICROVERSION_SERVICE: Readonly<Record<string, MicroversionService>> = {
  compute: 'compute',
  volumev3: 'volume',
  'block-storage': 'volume',
  volume: 'volume',
  placement: 'placement',
};

export function createClient(options: ClientOptions): Client {
  const transport = options.transport ?? {};
  const endpointInterface = options.interface ?? 'public';
  let current = options.auth;
  let pending: Promise<ScopedAuth> | undefined;

  // Concurrent 401s share one re-authentication; a caller whose token was already replaced by
  // another call's re-authentication just uses the new one.
  const refresh = (stale: ScopedAuth): Promise<ScopedAuth> => {
    if (current !== stale) return Promise.resolve(current);
    const reauthenticate = stale.reauthenticate;
    if (!reauthenticate) return Promise.resolve(stale);
    pending ??= reauthenticate().then(
      (fresh) => {
        current = fresh.reauthenticate ? fresh : { ...fresh, reauthenticate };
        pending = undefined;
        return current;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };

  const validAuth = async (): Promise<ScopedAuth> => {
    const auth = current;
    if (auth.reauthenticate && auth.expiresAt.getTime() - EXPIRY_MARGIN_MS <= Date.now()) {
      return refresh(auth);
    }
    return auth;
  };

  const endpoint = (auth: ScopedAuth, service: ServiceType): string =>
    findEndpoint(auth.catalog, service, {
      interface: endpointInterface,
      ...(options.region === undefined ? {} : { region: options.region }),
    });

  const toRequest = (
    auth: ScopedAuth,
    service: ServiceType,
    path: string,
    opts: ServiceRequestOptions,
  ): RequestOptions => {
    const { query, microversion, ...rest } = opts;
    const out: RequestOptions = {
      ...rest,
      url: withQuery(joinUrl(endpoint(auth, service), path), query),
      token: auth.token,
      service,
    };
    if (microversion !== undefined) out.microversion = toMicroversion(service, microversion);
    return out;
  };

  // Octokit's auth hook: one retry after a 401 with a fresh token. A streamed upload body cannot
  // be sent twice, so those surface the 401.
  async function withAuth<R>(
    service: ServiceType,
    path: string,
    opts: ServiceRequestOptions,
    call: (request: RequestOptions) => Promise<R>,
  ): Promise<R> {
    const auth = await validAuth();
    try {
      return await call(toRequest(auth, service, path, opts));
    } catch (error) {
      const replayable = !(
        opts.rawBody instanceof ReadableStream || opts.rawBody instanceof Readable
      );
      if (
        !(error instanceof OpenStackError) ||
        error.status !== 401 ||
        !auth.reauthenticate ||
        !replayable
      ) {
        throw error;
      }
      const fresh = await refresh(auth);
      return call(toRequest(fresh, service, path, opts));
    }
  }

  return {
    transport,
    region: options.region,
    interface: endpointInterface,
    get auth() {
      return current;
    },
    endpoint: (service) => endpoint(current, service),
    request: <T>(service: ServiceType, path: string, opts: ServiceRequestOptions = {}) =>
      withAuth(service, path, opts, (req) => request<T>(transport, req)),
    requestStream: (service, path, opts = {}) =>
      withAuth(service, path, opts, (req) => requestStream(transport, req)),
  };
}

function toMicroversion(service: ServiceType, microversion: string | Microversion): Microversion {
  if (typeof microversion !== 'string') return microversion;
  const name = MICROVERSION_SERVICE[service];
  if (!name) {
    throw new OpenStackError('INVALID_ARGUMENT', `service ${service} has no microversions`, {
      service,
    });
  }
  return { service: name, version: microversion };
}
