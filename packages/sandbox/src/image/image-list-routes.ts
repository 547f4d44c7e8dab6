import type { SiteContext } from '../site/context.js';
import { GlanceError } from './errors.js';
import {
  VISIBILITIES,
  listable,
  type ImageBody,
  type StoredImage,
  type Viewer,
  type VisibilityFilter,
} from './image-model.js';
import { IMAGE_KIND } from './image-store.js';
import { membershipsOf } from './member-store.js';

/** glance.conf `limit_param_default` and `api_limit_max`. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

const SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
  'min_disk',
  'min_ram',
  'visibility',
  'owner',
  'virtual_size',
  'os_hidden',
  'protected',
] as const;

/** Query parameters that are not property filters. */
const CONTROL = new Set([
  'limit',
  'marker',
  'sort',
  'sort_key',
  'sort_dir',
  'member_status',
  'visibility',
  'tag',
  'size_min',
  'size_max',
  'os_hidden',
]);

/** Filters that accept Glance's `in:a,b` operator. */
const IN_FILTERS = new Set(['id', 'name', 'status', 'container_format', 'disk_format']);

type SortSpec = { key: string; dir: 'asc' | 'desc' }[];

export interface ImageListBody {
  images: ImageBody[];
  first: string;
  schema: '/v2/schemas/images';
  next?: string;
}

/**
 * `GET /v2/images` (https://docs.openstack.org/api-ref/image/v2/#list-images): visibility rules,
 * filters, sorting (default `created_at` desc with `id` as tie-breaker, as glance appends), and
 * marker pagination with `first`/`next` links that repeat the caller's query, as glance's
 * ResponseSerializer.index does.
 */
export function listImages(site: SiteContext, viewer: Viewer, url: URL): ImageListBody {
  const params = url.searchParams;
  const limit = parseLimit(params.get('limit'));
  const sort = parseSort(params);
  const visibility = params.get('visibility') ?? undefined;
  if (visibility !== undefined && !['all', ...VISIBILITIES].includes(visibility)) {
    throw new GlanceError(400, `Invalid visibility value: ${visibility}`);
  }
  const memberStatus = params.get('member_status') ?? 'accepted';
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus)) {
    throw new GlanceError(400, `Invalid status value: ${memberStatus}`);
  }
  const memberships = membershipsOf(site, viewer.projectId);
  const matches = matcher(params);

  const images = site.store
    .list<StoredImage>(IMAGE_KIND)
    .map((s) => s.image)
    .filter((image) =>
      listable(
        viewer,
        image,
        memberships.get(image.id),
        visibility as VisibilityFilter,
        memberStatus,
      ),
    )
    .filter(matches)
    .sort(comparator(sort));

  let start = 0;
  const marker = params.get('marker');
  if (marker !== null) {
    const at = images.findIndex((image) => image.id === marker);
    if (at < 0) throw new GlanceError(400, `Invalid marker. Image ${marker} could not be found.`);
    start = at + 1;
  }
  const page = images.slice(start, start + limit);

  const rest = new URLSearchParams(params);
  rest.delete('marker');
  const query = rest.toString();
  const body: ImageListBody = {
    images: page,
    first: query ? `/v2/images?${query}` : '/v2/images',
    schema: '/v2/schemas/images',
  };
  const last = page.at(-1);
  if (last && page.length === limit) {
    rest.append('marker', last.id);
    body.next = `/v2/images?${rest.toString()}`;
  }
  return body;
}

function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(raw)) throw new GlanceError(400, 'limit param must be an integer');
  const limit = Number(raw);
  if (limit < 0) throw new GlanceError(400, 'limit param must be positive');
  return Math.min(limit, MAX_LIMIT);
}

function checkKey(key: string): string {
  if (!(SORT_KEYS as readonly string[]).includes(key)) {
    throw new GlanceError(
      400,
      `Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`,
    );
  }
  return key;
}

function checkDir(dir: string): 'asc' | 'desc' {
  if (dir !== 'asc' && dir !== 'desc') throw new GlanceError(400, `Invalid sort direction: ${dir}`);
  return dir;
}

/** Either `sort=k1:dir,k2` (API 2.2+) or repeated `sort_key`/`sort_dir`, never both. */
function parseSort(params: URLSearchParams): SortSpec {
  const sort = params.get('sort');
  const keys = params.getAll('sort_key');
  const dirs = params.getAll('sort_dir');
  let spec: SortSpec;
  if (sort !== null) {
    if (keys.length > 0 || dirs.length > 0) {
      throw new GlanceError(
        400,
        "The 'sort' param cannot be combined with 'sort_key' or 'sort_dir'.",
      );
    }
    spec = sort.split(',').map((part) => {
      const [key = '', dir = 'desc'] = part.trim().split(':');
      return { key: checkKey(key), dir: checkDir(dir) };
    });
  } else {
    if (dirs.length > Math.max(keys.length, 1)) {
      throw new GlanceError(400, 'Number of sort dirs does not match the number of sort keys');
    }
    const fallback = checkDir(dirs[0] ?? 'desc');
    spec = (keys.length ? keys : ['created_at']).map((key, i) => ({
      key: checkKey(key),
      dir: dirs.length > 1 ? checkDir(dirs[i] ?? 'desc') : fallback,
    }));
  }
  for (const key of ['created_at', 'id']) {
    if (!spec.some((s) => s.key === key)) spec.push({ key, dir: spec[0]?.dir ?? 'desc' });
  }
  return spec;
}

function comparator(spec: SortSpec): (a: ImageBody, b: ImageBody) => number {
  return (a, b) => {
    for (const { key, dir } of spec) {
      const order = compareValues(a[key], b[key]);
      if (order !== 0) return dir === 'asc' ? order : -order;
    }
    return 0;
  };
}

/** SQL ordering: NULL sorts first ascending (as MySQL and SQLite do). */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = scalarText(a);
  const y = scalarText(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Attribute and property filters: every given filter must match; tags must all be present. */
function matcher(params: URLSearchParams): (image: ImageBody) => boolean {
  const tags = params.getAll('tag');
  const sizeMin = params.get('size_min');
  const sizeMax = params.get('size_max');
  const hidden = params.get('os_hidden');
  if (hidden !== null && !['true', 'false'].includes(hidden.toLowerCase())) {
    throw new GlanceError(
      400,
      `Invalid value '${hidden}' for 'os_hidden' filter. Valid values are 'true' or 'false'.`,
    );
  }
  const exact: [string, string][] = [];
  for (const [key, value] of params) {
    if (!CONTROL.has(key)) exact.push([key, value]);
  }
  return (image) => {
    // Hidden images are left out unless asked for (https://specs.openstack.org/openstack/glance-specs/specs/rocky/implemented/glance/operator-image-workflow.html).
    if (image.os_hidden !== (hidden?.toLowerCase() === 'true')) return false;
    if (!tags.every((tag) => image.tags.includes(tag))) return false;
    if (sizeMin !== null && (image.size ?? -1) < Number(sizeMin)) return false;
    if (sizeMax !== null && (image.size === null || image.size > Number(sizeMax))) return false;
    return exact.every(([key, wanted]) => {
      const actual = image[key];
      const text = actual === null || actual === undefined ? undefined : scalarText(actual);
      if (IN_FILTERS.has(key) && wanted.startsWith('in:')) {
        return text !== undefined && wanted.slice(3).split(',').includes(text);
      }
      return text === wanted;
    });
  };
}

/** Image attributes are scalars or string arrays; arrays compare by their JSON text. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}
