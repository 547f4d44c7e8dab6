import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import { keypairSchema, type Keypair } from './schemas.js';

/**
 * Each list item is wrapped: `{"keypairs": [{"keypair": {...}}]}`; paginated from 2.35.
 * https://docs.openstack.org/api-ref/compute/#list-keypairs
 */
export async function listKeypairs(client: Client, options: CallOptions = {}): Promise<Keypair[]> {
  const wrapped = z.object({ keypair: keypairSchema }).loose();
  return paginate(client, 'compute', '/os-keypairs', {
    itemsKey: 'keypairs',
    parse: (item) => parseResponse(wrapped, item, 'compute', 'keypair').keypair,
    ...options,
  }).collect();
}

export interface CreateKeypairRequest {
  name: string;
  /** Imported key; without it Nova generates one and returns `private_key` (before 2.92). */
  public_key?: string;
  type?: 'ssh' | 'x509';
}

/** https://docs.openstack.org/api-ref/compute/#create-or-import-keypair (200, or 201 from 2.2) */
export async function createKeypair(
  client: Client,
  keypair: CreateKeypairRequest,
  options: CallOptions = {},
): Promise<Keypair> {
  const response = await client.request('compute', '/os-keypairs', {
    method: 'POST',
    body: { keypair },
    expected: [200, 201],
    ...options,
  });
  return parseResponse(z.object({ keypair: keypairSchema }), response.data, 'compute', 'keypair')
    .keypair;
}

/** https://docs.openstack.org/api-ref/compute/#delete-keypair (202, or 204 from 2.2) */
export async function deleteKeypair(
  client: Client,
  name: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('compute', `/os-keypairs/${segment(name)}`, {
    method: 'DELETE',
    expected: [202, 204],
    ...options,
  });
}
