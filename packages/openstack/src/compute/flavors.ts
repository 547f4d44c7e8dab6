import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { extraSpecsSchema, flavorSchema, type Flavor } from './schemas.js';

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

/**
 * A flavor's extra specs (`hw:cpu_policy`, `pci_passthrough:alias`, …), which flavor lists only
 * carry inline from microversion 2.61. Nova stores strings; a value of any other type is kept in
 * its JSON form rather than failing the whole flavor.
 * https://docs.openstack.org/api-ref/compute/#list-extra-specs-for-a-flavor
 */
export async function getFlavorExtraSpecs(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<Record<string, string>> {
  const response = await client.request(
    'compute',
    `/flavors/${segment(id)}/os-extra_specs`,
    options,
  );
  return parseResponse(extraSpecsSchema, response.data, 'compute', 'flavor extra specs')
    .extra_specs;
}
