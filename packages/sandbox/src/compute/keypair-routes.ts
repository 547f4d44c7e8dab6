import type { Hono } from 'hono';
import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import type { ComputeContext, ComputeEnv } from './env.js';
import { badRequest, conflict, forbidden, policyDenied } from './errors.js';
import {
  generateKeypair,
  sshFingerprint,
  x509Fingerprint,
  type KeypairRecord,
} from './keypair-model.js';
import {
  KEYPAIR_KIND,
  countKeypairs,
  findKeypair,
  keypairKey,
  keypairNotFound,
  listKeypairs,
} from './keypair-store.js';
import { keypairSummary } from './keypair-view.js';
import { atLeast } from './microversion.js';
import { paginate } from './pagination.js';
import { projectQuotas } from './quota-store.js';
import { parseBody } from './request.js';
import { isoMicros } from './time.js';

/**
 * os-keypairs: https://docs.openstack.org/api-ref/compute/#keypairs-keypairs
 * 2.2 adds `type` (and 201/204 codes), 2.10 lets admins act for another user_id, 2.35 pages lists.
 */
export function keypairRoutes(app: Hono<ComputeEnv>, site: SiteContext): void {
  app.get('/os-keypairs', (c) => {
    const userId = targetUser(c, c.req.query('user_id'), 'index');
    const rows = listKeypairs(site, userId).sort((a, b) =>
      a.body.name < b.body.name ? -1 : a.body.name > b.body.name ? 1 : 0,
    );
    const records = rows.map((r) => r.body);
    const page = atLeast(c, 35)
      ? paginate(site, c, '/os-keypairs', records, (k) => k.name)
      : { items: records };
    const body: Record<string, unknown> = {
      keypairs: page.items.map((k) => ({ keypair: keypairSummary(c, k) })),
    };
    if (page.links) body.keypairs_links = page.links;
    return c.json(body);
  });

  app.post('/os-keypairs', async (c) => {
    const { keypair: input } = await parseBody(c, createSchema);
    const userId = targetUser(c, input.user_id, 'create');
    const type = atLeast(c, 2) ? (input.type ?? 'ssh') : 'ssh';
    let publicKey = input.public_key;
    let privateKey: string | undefined;
    let fingerprint: string | undefined;
    if (publicKey === undefined) {
      const generated = generateKeypair();
      ({ publicKey, privateKey, fingerprint } = generated);
    } else {
      fingerprint = type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
      if (!fingerprint) throw badRequest('Keypair data is invalid: failed to generate fingerprint');
    }
    const record: KeypairRecord = {
      name: input.name,
      userId,
      publicKey: publicKey.trim(),
      fingerprint,
      type,
      createdAt: site.now().toISOString(),
    };
    site.store.transaction(() => {
      if (findKeypair(site, userId, input.name))
        throw conflict(`Key pair '${input.name}' already exists.`);
      const limit = projectQuotas(site, c.var.auth.projectId).key_pairs;
      if (limit !== -1 && countKeypairs(site, userId) + 1 > limit) {
        throw forbidden('Quota exceeded, too many key pairs.');
      }
      site.store.insert(KEYPAIR_KIND, keypairKey(userId, input.name), userId, record, site.now());
    });
    const keypair: Record<string, unknown> = { ...keypairSummary(c, record), user_id: userId };
    if (privateKey !== undefined) keypair.private_key = privateKey;
    return c.json({ keypair }, atLeast(c, 2) ? 201 : 200);
  });

  app.get('/os-keypairs/:name', (c) => {
    const userId = targetUser(c, c.req.query('user_id'), 'show');
    const name = c.req.param('name');
    const row = findKeypair(site, userId, name);
    if (!row) throw keypairNotFound(name, userId);
    return c.json({
      keypair: {
        ...keypairSummary(c, row.body),
        user_id: userId,
        created_at: isoMicros(row.body.createdAt),
        updated_at: null,
        deleted_at: null,
        deleted: false,
        id: row.seq,
      },
    });
  });

  app.delete('/os-keypairs/:name', (c) => {
    const userId = targetUser(c, c.req.query('user_id'), 'delete');
    const name = c.req.param('name');
    if (!site.store.delete(KEYPAIR_KIND, keypairKey(userId, name)))
      throw keypairNotFound(name, userId);
    return c.body(null, atLeast(c, 2) ? 204 : 202);
  });
}

/** user_id (2.10+) lets an admin manage someone else's keys; others get the policy error. */
function targetUser(c: ComputeContext, requested: string | undefined, action: string): string {
  const own = c.var.auth.userId;
  if (!requested || !atLeast(c, 10) || requested === own) return own;
  if (!c.var.auth.isAdmin) throw policyDenied(`os_compute_api:os-keypairs:${action}`);
  return requested;
}

const createSchema = z.object({
  keypair: z.object({
    // Before 2.92 Nova allows only these characters in keypair names.
    name: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[a-zA-Z0-9 _-]+$/),
    public_key: z.string().max(65535).optional(),
    type: z.enum(['ssh', 'x509']).optional(),
    user_id: z.string().optional(),
  }),
});
