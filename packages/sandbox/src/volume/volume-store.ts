import { serviceUrl, type SiteContext } from '../site/context.js';
import type { CinderContext } from './env.js';
import { CinderError, volumeNotFound } from './errors.js';
import { cinderTime, type VolumeRecord } from './volume-model.js';

export const VOLUME_KIND = 'cinder-volume';

export function loadVolume(site: SiteContext, id: string): VolumeRecord | undefined {
  return site.store.get<VolumeRecord>(VOLUME_KIND, id);
}

export function saveVolume(site: SiteContext, volume: VolumeRecord): void {
  const now = site.now();
  volume.updated_at = cinderTime(now);
  site.store.put(VOLUME_KIND, volume.id, volume, now);
}

/** All volumes of the site with their creation sequence, for ordering ties. */
export function allVolumes(
  site: SiteContext,
  projectId?: string,
): { seq: number; volume: VolumeRecord }[] {
  return site.store
    .listRows<VolumeRecord>(VOLUME_KIND, projectId === undefined ? {} : { projectId })
    .map((row) => ({ seq: row.seq, volume: row.body }));
}

/** A volume of the caller's project (admins see all); others' volumes do not exist for it. */
export function ownVolume(site: SiteContext, c: CinderContext, id: string): VolumeRecord {
  const volume = loadVolume(site, id);
  const auth = c.get('auth');
  if (!volume || (volume.project_id !== auth.projectId && !auth.isAdmin)) throw volumeNotFound(id);
  return volume;
}

/** cinder.conf `osapi_max_limit`. */
const MAX_LIMIT = 1000;
const SORT_KEYS = [
  'id',
  'name',
  'status',
  'size',
  'created_at',
  'updated_at',
  'availability_zone',
  'bootable',
];

export interface VolumePage {
  volumes: VolumeRecord[];
  count: number;
  nextHref?: string;
}

/**
 * Filtering, sorting (default `created_at` desc, ties in creation order) and marker pagination of
 * `GET /v3/{project_id}/volumes[/detail]`, with the `volumes_links` next link cinder's
 * ViewBuilder `_get_collection_links` adds when a page is full.
 * https://docs.openstack.org/api-ref/block-storage/v3/#list-accessible-volumes-with-details
 */
export function listVolumes(
  site: SiteContext,
  projectId: string,
  isAdmin: boolean,
  url: URL,
  collection: string,
): VolumePage {
  const params = url.searchParams;
  const allTenants = isAdmin && ['1', 'true', 'True'].includes(params.get('all_tenants') ?? '');
  const rawLimit = params.get('limit');
  if (rawLimit !== null && !/^\d+$/.test(rawLimit)) {
    throw new CinderError(400, 'limit param must be an integer');
  }
  const limit = Math.min(rawLimit === null ? MAX_LIMIT : Number(rawLimit), MAX_LIMIT);

  const sort: { key: string; dir: 'asc' | 'desc' }[] = [];
  const sortParam = params.get('sort');
  const keys = sortParam
    ? sortParam.split(',').map((part) => part.split(':'))
    : (params.get('sort_key') ?? 'created_at')
        .split(',')
        .map((key) => [key, params.get('sort_dir') ?? 'desc']);
  for (const [key = '', dir = 'desc'] of keys) {
    if (!SORT_KEYS.includes(key))
      throw new CinderError(400, `Invalid input received: Invalid sort key ${key}`);
    if (dir !== 'asc' && dir !== 'desc')
      throw new CinderError(400, `Invalid input received: Invalid sort dir ${dir}`);
    sort.push({ key, dir });
  }

  const name = params.get('name');
  const status = params.get('status');
  const metadataFilter = parseMetadata(params.get('metadata'));
  const rows = allVolumes(site, allTenants ? undefined : projectId)
    .filter(({ volume }) => name === null || volume.name === name)
    .filter(({ volume }) => status === null || volume.status === status)
    .filter(({ volume }) =>
      Object.entries(metadataFilter).every(([k, v]) => volume.metadata[k] === v),
    )
    .sort((a, b) => {
      for (const { key, dir } of sort) {
        const x = (a.volume as unknown as Record<string, unknown>)[key];
        const y = (b.volume as unknown as Record<string, unknown>)[key];
        const order =
          x === y
            ? 0
            : x === null || x === undefined
              ? -1
              : y === null || y === undefined
                ? 1
                : x < y
                  ? -1
                  : 1;
        if (order !== 0) return dir === 'asc' ? order : -order;
      }
      // Creation order breaks ties (cinder appends `id`; ours keeps same-millisecond creates stable).
      return sort[0]?.dir === 'asc' ? a.seq - b.seq : b.seq - a.seq;
    })
    .map(({ volume }) => volume);

  let start = 0;
  const marker = params.get('marker');
  if (marker !== null) {
    const at = rows.findIndex((v) => v.id === marker);
    if (at < 0) throw new CinderError(404, `Marker ${marker} could not be found.`);
    start = at + 1;
  }
  const volumes = rows.slice(start, start + limit);
  const page: VolumePage = { volumes, count: rows.length };
  const last = volumes.at(-1);
  if (last && volumes.length === limit) {
    const next = new URLSearchParams(params);
    next.delete('marker');
    next.set('marker', last.id);
    page.nextHref = `${serviceUrl(site, 'volume')}/v3/${projectId}/${collection}?${next.toString()}`;
  }
  return page;
}

function parseMetadata(raw: string | null): Record<string, string> {
  if (raw === null) return {};
  try {
    const parsed = JSON.parse(raw.replaceAll("'", '"')) as unknown;
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, string>;
  } catch {
    // fall through
  }
  throw new CinderError(400, `Invalid input received: metadata filter ${raw} is not a dict`);
}
