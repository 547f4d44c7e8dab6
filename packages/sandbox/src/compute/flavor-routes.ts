import type { Hono } from 'hono';
import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { type ComputeContext, type ComputeEnv } from './env.js';
import { badRequest, conflict, notFound, requireAdmin, versionNotFound } from './errors.js';
import { FLAVOR_SORT_KEYS, flavorVisible, type FlavorRecord } from './flavor-model.js';
import {
  FLAVOR_KIND,
  flavorNotFound,
  getFlavorOr404,
  listFlavors,
  saveFlavor,
} from './flavor-store.js';
import { accessList, flavorBody } from './flavor-view.js';
import { atLeast } from './microversion.js';
import { paginate } from './pagination.js';
import { parseBody, queryInt } from './request.js';

/**
 * Flavors, os-extra_specs and os-flavor-access.
 * https://docs.openstack.org/api-ref/compute/#flavors
 */
export function flavorRoutes(app: Hono<ComputeEnv>, site: SiteContext): void {
  app.get('/flavors', (c) => listRoute(site, c, false));
  app.get('/flavors/detail', (c) => listRoute(site, c, true));
  app.get('/flavors/:id', (c) => {
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    return c.json({ flavor: flavorBody(site, c, flavor, true) });
  });
  app.post('/flavors', async (c) => {
    requireAdmin(c, 'os_compute_api:os-flavor-manage:create');
    const body = await parseBody(c, createSchema);
    const input = body.flavor;
    const id = input.id ?? uuid();
    const all = listFlavors(site);
    if (all.some((f) => f.id === id)) throw conflict(`Flavor with ID ${id} already exists.`);
    if (all.some((f) => f.name === input.name))
      throw conflict(`Flavor with name ${input.name} already exists.`);
    const flavor: FlavorRecord = {
      id,
      name: input.name,
      vcpus: input.vcpus,
      ram: input.ram,
      disk: input.disk,
      ephemeral: input['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
      swap: input.swap === '' || input.swap === undefined ? 0 : input.swap,
      rxtxFactor: input.rxtx_factor ?? 1.0,
      isPublic: input['os-flavor-access:is_public'] ?? true,
      disabled: false,
      description: atLeast(c, 55) ? (input.description ?? null) : null,
      extraSpecs: {},
      projects: [],
    };
    site.store.insert(FLAVOR_KIND, id, null, flavor, site.now());
    return c.json({ flavor: flavorBody(site, c, flavor, true) });
  });
  app.put('/flavors/:id', async (c) => {
    // Only the description may change, from 2.55 on.
    if (!atLeast(c, 55)) throw versionNotFound();
    requireAdmin(c, 'os_compute_api:os-flavor-manage:update');
    const body = await parseBody(c, updateSchema);
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    flavor.description = body.flavor.description;
    saveFlavor(site, flavor);
    return c.json({ flavor: flavorBody(site, c, flavor, true) });
  });
  app.delete('/flavors/:id', (c) => {
    requireAdmin(c, 'os_compute_api:os-flavor-manage:delete');
    const id = c.req.param('id');
    if (!site.store.delete(FLAVOR_KIND, id)) throw flavorNotFound(id);
    return c.body(null, 202);
  });

  // os-extra_specs: readable by every project member, writable by admins only.
  app.get('/flavors/:id/os-extra_specs', (c) => {
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    return c.json({ extra_specs: flavor.extraSpecs });
  });
  app.post('/flavors/:id/os-extra_specs', async (c) => {
    requireAdmin(c, 'os_compute_api:os-flavor-extra-specs:create');
    const body = await parseBody(c, extraSpecsSchema);
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    Object.assign(flavor.extraSpecs, body.extra_specs);
    saveFlavor(site, flavor);
    return c.json({ extra_specs: body.extra_specs });
  });
  app.get('/flavors/:id/os-extra_specs/:key', (c) => {
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    const key = c.req.param('key');
    const value = flavor.extraSpecs[key];
    if (value === undefined) throw noSuchSpec(flavor.id, key);
    return c.json({ [key]: value });
  });
  app.put('/flavors/:id/os-extra_specs/:key', async (c) => {
    requireAdmin(c, 'os_compute_api:os-flavor-extra-specs:update');
    const key = c.req.param('key');
    const body = await parseBody(c, specValueSchema);
    const entries = Object.entries(body);
    const first = entries[0];
    if (entries.length !== 1 || !first || first[0] !== key)
      throw badRequest('Request body and URI mismatch');
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    flavor.extraSpecs[key] = first[1];
    saveFlavor(site, flavor);
    return c.json({ [key]: first[1] });
  });
  app.delete('/flavors/:id/os-extra_specs/:key', (c) => {
    requireAdmin(c, 'os_compute_api:os-flavor-extra-specs:delete');
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    const key = c.req.param('key');
    if (!(key in flavor.extraSpecs)) throw noSuchSpec(flavor.id, key);
    delete flavor.extraSpecs[key];
    saveFlavor(site, flavor);
    return c.body(null, 202);
  });

  // os-flavor-access (admin only by default policy).
  app.get('/flavors/:id/os-flavor-access', (c) => {
    requireAdmin(c, 'os_compute_api:os-flavor-access');
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    if (flavor.isPublic) throw notFound('Access list not available for public flavors.');
    return c.json({ flavor_access: accessList(flavor) });
  });
  app.post('/flavors/:id/action', async (c) => {
    const body = await parseBody(c, accessActionSchema);
    const flavor = getFlavorOr404(site, c.var.auth, c.req.param('id'));
    if (body.addTenantAccess) {
      requireAdmin(c, 'os_compute_api:os-flavor-access:add_tenant_access');
      if (flavor.isPublic) throw conflict('Can not add access to a public flavor.');
      const tenant = body.addTenantAccess.tenant;
      if (flavor.projects.includes(tenant)) {
        throw conflict(
          `Flavor access already exists for flavor ${flavor.id} and project ${tenant} combination.`,
        );
      }
      flavor.projects.push(tenant);
    } else if (body.removeTenantAccess) {
      requireAdmin(c, 'os_compute_api:os-flavor-access:remove_tenant_access');
      const tenant = body.removeTenantAccess.tenant;
      if (!flavor.projects.includes(tenant)) {
        throw notFound(`Flavor access not found for ${flavor.id} / ${tenant} combination.`);
      }
      flavor.projects = flavor.projects.filter((p) => p !== tenant);
    } else {
      throw badRequest(`There is no such action: ${Object.keys(body)[0] ?? ''}`);
    }
    saveFlavor(site, flavor);
    return c.json({ flavor_access: accessList(flavor) });
  });
}

function listRoute(site: SiteContext, c: ComputeContext, detail: boolean): Response {
  const auth = c.var.auth;
  // Non-admins always get public flavors plus those shared with their project; admins choose
  // with is_public (default true, "none" for all) — nova/api/openstack/compute/flavors.py.
  let isPublic: boolean | undefined = true;
  if (auth.isAdmin) isPublic = parseIsPublic(c.req.query('is_public'));
  const minRam = queryIntFilter(c.req.query('minRam'), 'minRam');
  const minDisk = queryIntFilter(c.req.query('minDisk'), 'minDisk');
  const sortKey = c.req.query('sort_key') ?? 'flavorid';
  const sortDir = c.req.query('sort_dir') ?? 'asc';
  const keyOf = FLAVOR_SORT_KEYS[sortKey];
  if (!keyOf) throw badRequest(`Invalid input for query parameters sort_key. Value: ${sortKey}.`);
  if (sortDir !== 'asc' && sortDir !== 'desc') {
    throw badRequest(`Invalid input for query parameters sort_dir. Value: ${sortDir}.`);
  }
  const flavors = listFlavors(site)
    .filter((f) => {
      if (!auth.isAdmin && (f.disabled || !flavorVisible(f, auth))) return false;
      if (isPublic === true && !f.isPublic && !f.projects.includes(auth.projectId)) return false;
      if (isPublic === false && f.isPublic) return false;
      if (minRam !== undefined && f.ram < minRam) return false;
      if (minDisk !== undefined && f.disk < minDisk) return false;
      return true;
    })
    .sort((a, b) => {
      const x = keyOf(a);
      const y = keyOf(b);
      const order = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return sortDir === 'asc' ? order : -order;
    });
  const page = paginate(site, c, detail ? '/flavors/detail' : '/flavors', flavors, (f) => f.id);
  const body: Record<string, unknown> = {
    flavors: page.items.map((f) => flavorBody(site, c, f, detail)),
  };
  if (page.links) body.flavors_links = page.links;
  return c.json(body);
}

function parseIsPublic(value: string | undefined): boolean | undefined {
  if (value === undefined) return true;
  const v = value.toLowerCase();
  if (v === 'none') return undefined;
  if (['true', '1', 't', 'yes', 'y', 'on'].includes(v)) return true;
  if (['false', '0', 'f', 'no', 'n', 'off'].includes(v)) return false;
  throw badRequest(`Invalid is_public filter [${value}]`);
}

function queryIntFilter(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw badRequest(`Invalid ${name} filter [${value}]`);
  return queryInt(value, name);
}

function noSuchSpec(flavorId: string, key: string) {
  return notFound(`Flavor ${flavorId} has no extra specs with key ${key}.`);
}

/** Integers in Nova's flavor schema may be sent as strings of digits. */
const intish = (min: number) =>
  z
    .union([
      z.number().int().min(min),
      z
        .string()
        .regex(/^\s*\d+\s*$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(min));

const createSchema = z.object({
  flavor: z.object({
    name: z.string().trim().min(1).max(255),
    id: z
      .union([
        z
          .string()
          .regex(/^(?! )[a-zA-Z0-9. _-]+(?<! )$/)
          .max(255),
        z.null(),
      ])
      .optional()
      .transform((v) => v ?? undefined),
    ram: intish(1),
    vcpus: intish(1),
    disk: intish(0),
    'OS-FLV-EXT-DATA:ephemeral': intish(0).optional(),
    swap: z.union([intish(0), z.literal('')]).optional(),
    rxtx_factor: z.number().positive().optional(),
    'os-flavor-access:is_public': z.boolean().optional(),
    description: z.string().max(65535).nullable().optional(),
  }),
});

const updateSchema = z.object({
  flavor: z.object({ description: z.string().max(65535).nullable() }),
});

const specValue = z
  .union([z.string().max(255), z.number(), z.boolean()])
  .transform((v) => String(v));
const specKey = z.string().regex(/^[\w\-.: ]{1,255}$/);

const extraSpecsSchema = z.object({ extra_specs: z.record(specKey, specValue) });
const specValueSchema = z.record(specKey, specValue);

const accessActionSchema = z.object({
  addTenantAccess: z.object({ tenant: z.string().min(1).max(255) }).optional(),
  removeTenantAccess: z.object({ tenant: z.string().min(1).max(255) }).optional(),
});
