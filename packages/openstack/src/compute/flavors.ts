import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { flavorSchema, type Flavor } from './schemas.js';

/** https://docs.openstack.org/api-ref/compute/#list-flavors-with-details */
export async function listFlavors(
  client: Client,
  query: Query = {},
  options: CallOptions = {},
): Promise<Flavor[]> {
  return paginate(client, 'compute', '/flavors/detail', {
    itemsKey: 'flavors',
    query,
    parse: itemParser(flavorSchema, 'compute', 'flavor'),
    ...options,
  }).collect();
}

/** https://docs.openstack.org/api-ref/compute/#show-flavor-details */
export async function getFlavor(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<Flavor> {
  const response = await client.request('compute', `/flavors/${segment(id)}`, options);
  return parseResponse(z.object({ flavor: flavorSchema }), response.data, 'compute', 'flavor')
    .flavor;
}
