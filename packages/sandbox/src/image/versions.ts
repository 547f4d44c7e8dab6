import type { SiteContext } from '../site/context.js';
import { serviceUrl } from '../site/context.js';

/** Glance's API minor versions, newest first (glance/api/versions.py). */
const MINORS = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];

/**
 * The version document at the service root, answered with 300 Multiple Choices
 * (https://docs.openstack.org/api-ref/image/versions/). keystoneauth discovers the v2 endpoint
 * from it, so every entry links to the same `/image/v2/`.
 */
export function glanceVersions(site: SiteContext): {
  versions: {
    id: string;
    status: 'CURRENT' | 'SUPPORTED';
    links: { rel: string; href: string }[];
  }[];
} {
  const href = `${serviceUrl(site, 'image')}/v2/`;
  return {
    versions: MINORS.map((minor, i) => ({
      id: `v2.${minor}`,
      status: i === 0 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href }],
    })),
  };
}
