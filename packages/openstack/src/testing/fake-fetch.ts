import type { CatalogEntry } from '../keystone/catalog.js';
import type { ScopedAuth } from '../keystone/types.js';

/** One request as the fake fetch saw it. */
export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  init: RequestInit & { duplex?: string; dispatcher?: unknown };
}

export type Handler = (call: RecordedCall, index: number) => Response | Promise<Response>;

/** A `fetch` that answers from a handler and records every call. */
export function fakeFetch(handler: Handler): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const impl = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = typeof init.body === 'string' ? init.body : undefined;
    const call: RecordedCall = {
      url: input instanceof Request ? input.url : input.toString(),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body,
      init,
    };
    calls.push(call);
    return handler(call, calls.length - 1);
  };
  return { fetch: impl, calls };
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function text(
  status: number,
  body: string,
  contentType = 'text/plain; charset=UTF-8',
): Response {
  return new Response(body, { status, headers: { 'Content-Type': contentType } });
}

export function empty(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

/** A catalogue shaped like a real Keystone token's: several regions and interfaces. */
const CATALOG: CatalogEntry[] = [
  {
    id: 'c1',
    type: 'compute',
    name: 'nova',
    endpoints: [
      {
        id: 'e1',
        interface: 'internal',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: 'http://nova.internal:8774/v2.1',
      },
      {
        id: 'e2',
        interface: 'public',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: 'https://nova.one.example.org/v2.1',
      },
      {
        id: 'e3',
        interface: 'public',
        region: 'RegionTwo',
        region_id: 'RegionTwo',
        url: 'https://nova.two.example.org/v2.1',
      },
      {
        id: 'e4',
        interface: 'admin',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: 'http://nova.admin:8774/v2.1',
      },
    ],
  },
  {
    id: 'c2',
    type: 'image',
    name: 'glance',
    endpoints: [
      {
        id: 'e5',
        interface: 'public',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: 'https://glance.example.org:9292',
      },
    ],
  },
  {
    id: 'c3',
    type: 'network',
    name: 'neutron',
    endpoints: [
      {
        id: 'e6',
        interface: 'public',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: 'https://neutron.example.org:9696',
      },
    ],
  },
  {
    id: 'c4',
    type: 'volumev3',
    name: 'cinderv3',
    endpoints: [
      {
        id: 'e7',
        interface: 'public',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: 'https://cinder.example.org:8776/v3/p-123',
      },
    ],
  },
  {
    id: 'c5',
    type: 'identity',
    name: 'keystone',
    endpoints: [
      {
        id: 'e8',
        interface: 'public',
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: 'https://keystone.example.org:5000/v3',
      },
    ],
  },
];

export function scopedAuth(overrides: Partial<ScopedAuth> = {}): ScopedAuth {
  return {
    token: 'gAAAAABscoped-token-one',
    expiresAt: new Date(Date.now() + 3_600_000),
    catalog: CATALOG,
    projectId: 'p-123',
    ...overrides,
  };
}
