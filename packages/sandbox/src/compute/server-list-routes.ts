import { listServerAddresses } from '../network/index.js';
import type { SiteContext } from '../site/context.js';
import type { ComputeContext } from './env.js';
import { badRequest, forbidden, policyDenied } from './errors.js';
import { atLeast } from './microversion.js';
import { paginate } from './pagination.js';
import { parseTimestamp } from './time.js';
import { KNOWN_STATUSES, type ServerRecord, serverStatus } from './server-model.js';
import { loadServers } from './server-store.js';
import { serverSummary, serverView } from './server-view.js';

const TRUE = ['true', '1', 't', 'yes', 'y', 'on'];

type SortValue = string | number;
const SORT_KEYS: Record<string, (s: ServerRecord) => SortValue> = {
  created_at: (s) => s.createdAt,
  updated_at: (s) => s.updatedAt,
  launched_at: (s) => s.launchedAt ?? '',
  terminated_at: (s) => s.terminatedAt ?? '',
  display_name: (s) => s.name,
  display_description: (s) => s.description ?? '',
  uuid: (s) => s.id,
  vm_state: (s) => s.vmState,
  task_state: (s) => s.taskState ?? '',
  power_state: (s) => s.powerState,
  project_id: (s) => s.projectId,
  user_id: (s) => s.userId,
  key_name: (s) => s.keyName ?? '',
  availability_zone: (s) => s.availabilityZone,
  image_ref: (s) => s.imageId ?? '',
  instance_type_id: (s) => s.flavor.id,
  host: (s) => s.host,
  hostname: (s) => s.hostname,
  locked: (s) => Number(s.locked),
};

/**
 * GET /servers and /servers/detail with Nova's filters (nova/api/openstack/compute/servers.py
 * _get_servers): results are scoped to the caller's project unless an admin asks for
 * all_tenants; deleted servers only appear with changes-since (cASO relies on that) or, for
 * admins, deleted=true; default order is created_at desc.
 */
export function listServers(site: SiteContext, c: ComputeContext, detail: boolean): Response {
  const auth = c.var.auth;
  const q = (name: string) => c.req.query(name);
  const allTenants =
    q('all_tenants') !== undefined &&
    q('all_tenants')!.toLowerCase() !== 'false' &&
    q('all_tenants') !== '0';
  let projectFilter: string | undefined = auth.projectId;
  if (allTenants) {
    if (!auth.isAdmin) policyError(detail);
    projectFilter = q('tenant_id') ?? q('project_id');
  }

  const changesSince = timeFilter(q('changes-since'), 'changes-since');
  const changesBefore = atLeast(c, 66)
    ? timeFilter(q('changes-before'), 'changes-before')
    : undefined;
  if (changesSince && changesBefore && changesBefore < changesSince) {
    throw badRequest('The value of changes-since must be less than or equal to changes-before.');
  }
  let deleted: boolean | undefined;
  if (q('deleted') !== undefined && auth.isAdmin)
    deleted = TRUE.includes(q('deleted')!.toLowerCase());
  const status = q('status')?.toUpperCase();
  if (status === 'DELETED') {
    if (!auth.isAdmin) throw forbidden('Only administrators may list deleted instances');
    deleted = true;
  }
  if (status !== undefined && !KNOWN_STATUSES.includes(status)) {
    // Since 2.38 an unknown status is an error; before, it simply matched nothing.
    if (atLeast(c, 38)) throw badRequest(`Invalid status value`);
  }
  const includeDeleted = deleted ?? (changesSince !== undefined || changesBefore !== undefined);

  const name = regex(q('name'));
  const ip = regex(q('ip'));
  const ip6 = regex(q('ip6'));
  const image = q('image');
  const flavor = q('flavor');
  const userId = q('user_id');
  const locked = atLeast(c, 73) ? q('locked') : undefined;
  const tags = atLeast(c, 26) ? q('tags')?.split(',') : undefined;
  const reservationId = q('reservation_id');

  const servers = loadServers(site, projectFilter).filter((s) => {
    if (s.vmState === 'deleted' ? !includeDeleted : deleted === true) return false;
    if (status !== undefined && serverStatus(s) !== status) return false;
    if (changesSince !== undefined && Date.parse(s.updatedAt) < changesSince) return false;
    if (changesBefore !== undefined && Date.parse(s.updatedAt) > changesBefore) return false;
    if (name && !name.test(s.name)) return false;
    if (image !== undefined && s.imageId !== lastSegment(image)) return false;
    if (flavor !== undefined && s.flavor.id !== lastSegment(flavor)) return false;
    if (userId !== undefined && s.userId !== userId) return false;
    if (reservationId !== undefined && s.reservationId !== reservationId) return false;
    if (locked !== undefined && s.locked !== TRUE.includes(locked.toLowerCase())) return false;
    if (tags && !tags.every((t) => s.tags.includes(t))) return false;
    if (ip || ip6) {
      const addrs = Object.values(listServerAddresses(site, s.id)).flat();
      if (ip && !addrs.some((a) => a.version === 4 && ip.test(a.addr))) return false;
      if (ip6 && !addrs.some((a) => a.version === 6 && ip6.test(a.addr))) return false;
    }
    return true;
  });

  sortServers(servers, c.req.queries('sort_key') ?? [], c.req.queries('sort_dir') ?? []);
  const page = paginate(site, c, detail ? '/servers/detail' : '/servers', servers, (s) => s.id);
  const body: Record<string, unknown> = {
    servers: page.items.map((s) => (detail ? serverView(site, c, s) : serverSummary(site, c, s))),
  };
  if (page.links) body.servers_links = page.links;
  return c.json(body);
}

function sortServers(servers: ServerRecord[], keys: string[], dirs: string[]): void {
  const sortKeys = keys.length > 0 ? keys : ['created_at'];
  const comparators = sortKeys.map((key, i) => {
    const get = SORT_KEYS[key];
    if (!get) throw badRequest(`Invalid input for query parameters sort_key. Value: ${key}.`);
    const dir = dirs[i] ?? dirs[0] ?? 'desc';
    if (dir !== 'asc' && dir !== 'desc')
      throw badRequest(`Invalid input for query parameters sort_dir. Value: ${dir}.`);
    return { get, sign: dir === 'asc' ? 1 : -1 };
  });
  servers.sort((a, b) => {
    for (const { get, sign } of comparators) {
      const x = get(a);
      const y = get(b);
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    // Nova always appends id as the final tie-breaker, in the first key's direction.
    const sign = comparators[0]?.sign ?? -1;
    return a.id < b.id ? -sign : a.id > b.id ? sign : 0;
  });
}

function policyError(detail: boolean): never {
  throw policyDenied(`os_compute_api:servers:${detail ? 'detail' : 'index'}:get_all_tenants`);
}

function timeFilter(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseTimestamp(value);
  if (!parsed)
    throw badRequest(
      `Invalid input for query parameters ${name}. Value: ${value}. '${value}' is not a 'date-time'`,
    );
  return parsed.getTime();
}

/** Nova matches name/ip filters as regular expressions (SQL REGEXP), case-insensitively. */
function regex(value: string | undefined): RegExp | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return new RegExp(value, 'i');
  } catch {
    return new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
}

function lastSegment(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}
