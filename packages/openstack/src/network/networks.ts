import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { networkSchema, subnetSchema, type Network, type Subnet } from './schemas.js';

/** https://docs.openstack.org/api-ref/network/v2/#list-networks */
export async function listNetworks(
  client: Client,
  query: Query = {},
  options: CallOptions = {},
): Promise<Network[]> {
  return paginate(client, 'network', '/v2.0/networks', {
    itemsKey: 'networks',
    query,
    parse: itemParser(networkSchema, 'network', 'network'),
    ...options,
  }).collect();
}

/** https://docs.openstack.org/api-ref/network/v2/#show-network-details */
export async function getNetwork(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<Network> {
  const response = await client.request('network', `/v2.0/networks/${segment(id)}`, options);
  return parseResponse(z.object({ network: networkSchema }), response.data, 'network', 'network')
    .network;
}

/** https://docs.openstack.org/api-ref/network/v2/#list-subnets */
export async function listSubnets(
  client: Client,
  query: Query = {},
  options: CallOptions = {},
): Promise<Subnet[]> {
  return paginate(client, 'network', '/v2.0/subnets', {
    itemsKey: 'subnets',
    query,
    parse: itemParser(subnetSchema, 'network', 'subnet'),
    ...options,
  }).collect();
}
