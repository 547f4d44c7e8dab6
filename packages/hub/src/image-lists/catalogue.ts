import type { Glue21Document } from '@fedcloud/sdk/glue2';
import type { ImageEntry, ImageList } from '@fedcloud/sdk/image-list';
import type {
  CatalogueImage,
  CatalogueImageState,
  CatalogueSite,
  SiteStatus,
  VoImageCatalogue,
} from '../api-types.js';
import type { ImageListSummary } from './store.js';

/**
 * A VO's catalogue page (AppDB's role): the images its endorsed list names, and how far each
 * site that supports the VO has synced them. Pure: the route loads the list and the sites'
 * documents, this decides what they say.
 */

/**
 * What a site publishes of an image it synced from a list. Image sync writes the list entry
 * into Glance (`APPLIANCE_ATTRIBUTES`, `appdb_id`), and the agent publishes those attributes in
 * the image's GLUE OtherInfo, so the entry's `dc:identifier` and `hv:version` come back there.
 */
export interface PublishedListImage {
  /** The GLUE image's ID (the Glance image id). */
  id: string;
  identifier: string;
  /** `hv:version` as published; null when the site published none. */
  version: string | null;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The images of a GLUE document that the VO's projects see (shares reached through a mapping
 * policy of the VO, as the information system reads them) and that came from an image list:
 * those whose OtherInfo names a list identifier (`dc:identifier`, else `appdb_id`). An image in
 * two of the VO's shares counts once.
 */
export function publishedListImages(
  document: Pick<Glue21Document, 'Share' | 'MappingPolicy' | 'CloudComputingImage'>,
  vo: string,
): PublishedListImage[] {
  const shares = new Set(
    document.Share.filter((share) => {
      const policy = document.MappingPolicy.find((p) => p.Associations?.Share?.includes(share.ID));
      return policy?.Associations?.PolicyUserDomain?.[0] === vo;
    }).map((share) => share.ID),
  );
  const found = new Map<string, PublishedListImage>();
  for (const image of document.CloudComputingImage) {
    if (found.has(image.ID)) continue;
    if (!image.Associations?.Share?.some((id) => shares.has(id))) continue;
    const info = image.OtherInfo ?? {};
    const identifier = text(info['dc:identifier']) ?? text(info['appdb_id']);
    if (identifier === undefined) continue;
    found.set(image.ID, { id: image.ID, identifier, version: text(info['hv:version']) ?? null });
  }
  return [...found.values()];
}

/** One image of the list as the catalogue shows it. */
export type CatalogueListInput =
  | { state: 'none' }
  | { state: 'private' }
  | { state: 'published'; summary: ImageListSummary; list: ImageList };

export interface CatalogueSiteInput {
  site: string;
  status: SiteStatus;
  info: { publishedAt: string; creationTime: string } | null;
  images: PublishedListImage[];
}

export interface CatalogueInput {
  vo: string;
  list: CatalogueListInput;
  sites: CatalogueSiteInput[];
  now: Date;
}

const SHA512_PREFIX = 16;

/** The same order the hub keeps list versions in (store.ts): digits compare as numbers. */
const compareVersions = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Where one list image stands at a site, given the site's list images. */
export function imageStateAt(
  entry: Pick<ImageEntry, 'dc:identifier' | 'hv:version'>,
  published: readonly PublishedListImage[],
): { state: CatalogueImageState; siteVersion: string | null } {
  const same = published.filter((image) => image.identifier === entry['dc:identifier']);
  if (same.length === 0) return { state: 'missing', siteVersion: null };
  if (same.some((image) => image.version === entry['hv:version'])) {
    return { state: 'current', siteVersion: entry['hv:version'] };
  }
  const versions = same
    .map((image) => image.version)
    .filter((version): version is string => version !== null)
    .sort(compareVersions);
  return { state: 'behind', siteVersion: versions.at(-1) ?? null };
}

function catalogueImage(entry: ImageEntry): CatalogueImage {
  return {
    identifier: entry['dc:identifier'],
    title: entry['dc:title'],
    version: entry['hv:version'],
    format: entry['hv:format'],
    sizeBytes: Number(entry['hv:size']),
    sha512Prefix: entry['sl:checksum:sha512'].slice(0, SHA512_PREFIX).toLowerCase(),
    url: entry['hv:uri'],
  };
}

export function buildImageCatalogue(input: CatalogueInput): VoImageCatalogue {
  const entries =
    input.list.state === 'published'
      ? input.list.list['hv:images'].map((item) => item['hv:image'])
      : [];
  const sites = [...input.sites]
    .sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0))
    .map((site): CatalogueSite => {
      const images = entries.map((entry) => ({
        identifier: entry['dc:identifier'],
        ...imageStateAt(entry, site.images),
      }));
      const counts = { current: 0, behind: 0, missing: 0 };
      for (const image of images) counts[image.state] += 1;
      return { site: site.site, status: site.status, info: site.info, images, counts };
    });
  if (input.list.state !== 'published') {
    return { vo: input.vo, state: input.list.state, list: null, sites };
  }
  const { summary } = input.list;
  return {
    vo: input.vo,
    state: 'published',
    list: {
      identifier: summary.identifier,
      title: summary.title,
      version: summary.version,
      endorser: summary.endorser,
      expires: summary.expires,
      expired: Date.parse(summary.expires) <= input.now.getTime(),
      public: summary.public,
      publishedAt: summary.publishedAt,
      images: entries.map(catalogueImage),
    },
    sites,
  };
}
