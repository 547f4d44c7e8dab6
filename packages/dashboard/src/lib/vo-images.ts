import type { SiteImage, VoDetail } from '@fedcloud/hub/api-types';
import { groupBy } from './group.js';

/** Images are listed once per appliance (EGI id, else name), with the sites that offer them. */
export function imagesAcrossSites(
  vo: VoDetail,
): { key: string; image: SiteImage; sites: string[] }[] {
  const entries = vo.sites.flatMap((site) =>
    site.images.map((image) => ({ site: site.site, image })),
  );
  const groups = groupBy(
    entries,
    ({ image }) => image.egiId ?? `${image.name}\u0000${image.osName}`,
  );
  return [...groups]
    .map(([key, list]) => ({
      key,
      image: list[0]!.image,
      sites: [...new Set(list.map((entry) => entry.site))].sort(),
    }))
    .sort((a, b) => a.image.name.localeCompare(b.image.name));
}
