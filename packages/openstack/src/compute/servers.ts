import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate, type PageIterator } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import {
  createdServerSchema,
  remoteConsoleSchema,
  serverSchema,
  type CreatedServer,
  type Server,
} from './schemas.js';

/** Filters of `GET /servers/detail` (name is a regular expression, status e.g. ACTIVE). */
export interface ServerListQuery extends Query {
  name?: string;
  status?: string;
  limit?: number;
  all_tenants?: boolean;
  /**
   * Servers updated at or after this ISO time, deleted ones included: how accounting finds the
   * servers that changed since its last run.
   */
  'changes-since'?: string;
  marker?: string;
}

/**
 * Servers with details, all pages.
 * https://docs.openstack.org/api-ref/compute/#list-servers-detailed
 */
export async function listServers(
  client: Client,
  query: ServerListQuery = {},
  options: CallOptions = {},
): Promise<Server[]> {
  return paginate(client, 'compute', '/servers/detail', {
    itemsKey: 'servers',
    query,
    parse: itemParser(serverSchema, 'compute', 'server'),
    ...options,
  }).collect();
}

/**
 * Servers with details a page at a time (Nova's `servers_links` carry the marker of the next
 * page), so a caller walking thousands of servers holds one page, not the whole list.
 * https://docs.openstack.org/api-ref/compute/#list-servers-detailed
 */
export function serverPages(
  client: Client,
  query: ServerListQuery = {},
  options: CallOptions = {},
): PageIterator<Server> {
  return paginate(client, 'compute', '/servers/detail', {
    itemsKey: 'servers',
    query,
    parse: itemParser(serverSchema, 'compute', 'server'),
    ...options,
  });
}

/** https://docs.openstack.org/api-ref/compute/#show-server-details */
export async function getServer(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<Server> {
  const response = await client.request('compute', `/servers/${segment(id)}`, options);
  return parseResponse(z.object({ server: serverSchema }), response.data, 'compute', 'server')
    .server;
}

/**
 * The `server` member of `POST /servers`. `networks: 'auto' | 'none'` needs microversion 2.37,
 * which is then sent unless another is given.
 */
export interface CreateServerRequest {
  name: string;
  flavorRef: string;
  imageRef?: string;
  networks?: 'auto' | 'none' | { uuid?: string; port?: string; fixed_ip?: string }[];
  key_name?: string;
  security_groups?: { name: string }[];
  /** Base64-encoded, as Nova requires. */
  user_data?: string;
  metadata?: Record<string, string>;
  availability_zone?: string;
  block_device_mapping_v2?: Record<string, unknown>[];
  min_count?: number;
  max_count?: number;
  [extra: string]: unknown;
}

export interface CreateServerOptions extends CallOptions {
  microversion?: string;
}

/** https://docs.openstack.org/api-ref/compute/#create-server */
export async function createServer(
  client: Client,
  server: CreateServerRequest,
  options: CreateServerOptions = {},
): Promise<CreatedServer> {
  const microversion =
    options.microversion ?? (typeof server.networks === 'string' ? '2.37' : undefined);
  const response = await client.request('compute', '/servers', {
    method: 'POST',
    body: { server },
    expected: [202],
    ...(microversion ? { microversion } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(
    z.object({ server: createdServerSchema }),
    response.data,
    'compute',
    'created server',
  ).server;
}

/** https://docs.openstack.org/api-ref/compute/#delete-server (204) */
export async function deleteServer(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('compute', `/servers/${segment(id)}`, {
    method: 'DELETE',
    expected: [204],
    ...options,
  });
}

/** Nova's actions that take no argument but the server, by their API names. */
const PLAIN_ACTIONS = {
  start: 'os-start',
  stop: 'os-stop',
  pause: 'pause',
  unpause: 'unpause',
  suspend: 'suspend',
  resume: 'resume',
  shelve: 'shelve',
  unshelve: 'unshelve',
} as const;

export type ServerActionName = keyof typeof PLAIN_ACTIONS | 'reboot';

export interface ServerActionOptions extends CallOptions {
  /** Reboot only. */
  type?: 'SOFT' | 'HARD';
}

/**
 * Start, stop, reboot, pause, unpause, suspend, resume, shelve and unshelve all answer 202 with
 * no body. An action name outside these is refused, not sent as something else (callers from
 * plain JavaScript get no type check).
 * https://docs.openstack.org/api-ref/compute/#servers-run-an-action-servers-action
 */
export async function serverAction(
  client: Client,
  id: string,
  action: ServerActionName,
  options: ServerActionOptions = {},
): Promise<void> {
  let body: Record<string, unknown>;
  if (action === 'reboot') {
    body = { reboot: { type: options.type ?? 'SOFT' } };
  } else if (Object.hasOwn(PLAIN_ACTIONS, action)) {
    body = { [PLAIN_ACTIONS[action]]: null };
  } else {
    throw new TypeError(`serverAction: unknown action ${JSON.stringify(action)}`);
  }
  await client.request('compute', `/servers/${segment(id)}/action`, {
    method: 'POST',
    body,
    expected: [202],
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/**
 * Resize to another flavor (202); the server waits in VERIFY_RESIZE until confirmed or reverted.
 * https://docs.openstack.org/api-ref/compute/#resize-server-resize-action
 */
export async function resizeServer(
  client: Client,
  id: string,
  flavorRef: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('compute', `/servers/${segment(id)}/action`, {
    method: 'POST',
    body: { resize: { flavorRef } },
    expected: [202],
    ...options,
  });
}

/**
 * Ends a resize: `confirm` keeps the new flavor, `revert` goes back to the old one (204 / 202).
 * https://docs.openstack.org/api-ref/compute/#confirm-resized-server-confirmresize-action
 * https://docs.openstack.org/api-ref/compute/#revert-resized-server-revertresize-action
 */
export async function finishResize(
  client: Client,
  id: string,
  how: 'confirm' | 'revert',
  options: CallOptions = {},
): Promise<void> {
  await client.request('compute', `/servers/${segment(id)}/action`, {
    method: 'POST',
    body: how === 'confirm' ? { confirmResize: null } : { revertResize: null },
    expected: how === 'confirm' ? [204] : [202],
    ...options,
  });
}

export interface ConsoleOptions extends CallOptions {
  protocol?: 'vnc' | 'spice' | 'serial' | 'rdp' | 'mks';
  type?: string;
}

/**
 * A remote console URL (noVNC by default). The `remote-consoles` API replaced the per-protocol
 * server actions in microversion 2.6.
 * https://docs.openstack.org/api-ref/compute/#create-remote-console
 */
export async function getConsoleUrl(
  client: Client,
  id: string,
  options: ConsoleOptions = {},
): Promise<string> {
  const response = await client.request('compute', `/servers/${segment(id)}/remote-consoles`, {
    method: 'POST',
    microversion: '2.6',
    body: {
      remote_console: { protocol: options.protocol ?? 'vnc', type: options.type ?? 'novnc' },
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(
    z.object({ remote_console: remoteConsoleSchema }),
    response.data,
    'compute',
    'remote console',
  ).remote_console.url;
}
