import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { floatingIpSchema, type FloatingIp } from './schemas.js';

/** https://docs.openstack.org/api-ref/network/v2/#list-floating-ips */
export async function listFloatingIps(
  client: Client,
  query: Query = {},
  options: CallOptions = {},
): Promise<FloatingIp[]> {
  return paginate(client, 'network', '/v2.0/floatingips', {
    itemsKey: 'floatingips',
    query,
    parse: itemParser(floatingIpSchema, 'network', 'floating IP'),
    ...options,
  }).collect();
}

export interface CreateFloatingIpRequest {
  /** The external network to allocate from. */
  floating_network_id: string;
  /** Associates the address with this port at once. */
  port_id?: string;
  fixed_ip_address?: string;
  floating_ip_address?: string;
  description?: string;
}

/** https://docs.openstack.org/api-ref/network/v2/#create-floating-ip (201) */
export async function createFloatingIp(
  client: Client,
  floatingip: CreateFloatingIpRequest,
  options: CallOptions = {},
): Promise<FloatingIp> {
  const response = await client.request('network', '/v2.0/floatingips', {
    method: 'POST',
    body: { floatingip },
    expected: [201],
    ...options,
  });
  return parseResponse(
    z.object({ floatingip: floatingIpSchema }),
    response.data,
    'network',
    'floating IP',
  ).floatingip;
}

/** https://docs.openstack.org/api-ref/network/v2/#delete-floating-ip (204) */
export async function deleteFloatingIp(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('network', `/v2.0/floatingips/${segment(id)}`, {
    method: 'DELETE',
    expected: [204],
    ...options,
  });
}

/**
 * Associates the address with a port (`port_id`), or releases it from one (`port_id: null`).
 * https://docs.openstack.org/api-ref/network/v2/#update-floating-ip
 */
export async function updateFloatingIp(
  client: Client,
  id: string,
  update: { port_id: string | null; fixed_ip_address?: string; description?: string },
  options: CallOptions = {},
): Promise<FloatingIp> {
  const response = await client.request('network', `/v2.0/floatingips/${segment(id)}`, {
    method: 'PUT',
    body: { floatingip: update },
    ...options,
  });
  return parseResponse(
    z.object({ floatingip: floatingIpSchema }),
    response.data,
    'network',
    'floating IP',
  ).floatingip;
}
