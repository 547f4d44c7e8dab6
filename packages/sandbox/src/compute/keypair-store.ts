import type { SiteContext } from '../site/context.js';
import { notFound } from './errors.js';
import type { KeypairRecord } from './keypair-model.js';

export const KEYPAIR_KIND = 'compute.keypair';

/**
 * Keypairs belong to users, not projects (nova key_pairs.user_id), so the store's owner column
 * holds the user id: listing a user's keys stays an indexed lookup.
 */
export function keypairKey(userId: string, name: string): string {
  return `${userId}/${name}`;
}

export function findKeypair(site: SiteContext, userId: string, name: string) {
  return site.store.getRow<KeypairRecord>(KEYPAIR_KIND, keypairKey(userId, name));
}

export function listKeypairs(site: SiteContext, userId: string) {
  return site.store.listRows<KeypairRecord>(KEYPAIR_KIND, { projectId: userId });
}

export function countKeypairs(site: SiteContext, userId: string): number {
  return site.store.count(KEYPAIR_KIND, userId);
}

export function keypairNotFound(name: string, userId: string) {
  return notFound(`Keypair ${name} not found for user ${userId}`);
}
