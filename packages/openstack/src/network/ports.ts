import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { portSchema, type Port } from './schemas.js';

const portBody = z.object({ port: portSchema });

/**
 * Ports, e.g. a server's by `device_id` (to attach a floating IP to it).
 * https://docs.openstack.org/api-ref/network/v2/#list-ports
 */
export async function listPorts(
  client: Client,
  query: Query = {},
  options: CallOptions = {},
): Promise<Port[]> {
  return paginate(client, 'network', '/v2.0/ports', {
    itemsKey: 'ports',
    query,
    parse: itemParser(portSchema, 'network', 'port'),
    ...options,
  }).collect();
}

/** https://docs.openstack.org/api-ref/network/v2/#show-port-details */
export async function getPort(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<Port> {
  const response = await client.request('network', `/v2.0/ports/${segment(id)}`, options);
  return parseResponse(portBody, response.data, 'network', 'port').port;
}

export interface CreatePortRequest {
  network_id: string;
  name?: string;
  description?: string;
  /** A subnet, an address, or both per entry; Neutron picks from every subnet without it. */
  fixed_ips?: { subnet_id?: string; ip_address?: string }[];
  /** Group ids; the project's `default` group without them. */
  security_groups?: string[];
  port_security_enabled?: boolean;
  admin_state_up?: boolean;
  mac_address?: string;
  'binding:vnic_type'?: string;
}

/**
 * A port to boot a server on (`networks: [{port}]`) or to hand a floating IP (201).
 * https://docs.openstack.org/api-ref/network/v2/#create-port
 */
export async function createPort(
  client: Client,
  port: CreatePortRequest,
  options: CallOptions = {},
): Promise<Port> {
  const response = await client.request('network', '/v2.0/ports', {
    method: 'POST',
    body: { port },
    expected: [201],
    ...options,
  });
  return parseResponse(portBody, response.data, 'network', 'port').port;
}

/** https://docs.openstack.org/api-ref/network/v2/#delete-port (204) */
export async function deletePort(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('network', `/v2.0/ports/${segment(id)}`, {
    method: 'DELETE',
    expected: [204],
    ...options,
  });
}
