import { serviceUrl, type SiteContext } from '../site/context.js';
import { MAX_MICROVERSION, MIN_MICROVERSION } from './microversion.js';

/**
 * The single v3 entry Cinder has advertised since v2 was removed (Xena).
 * https://docs.openstack.org/api-ref/block-storage/v3/#api-versions
 */
export function cinderVersion(site: SiteContext): Record<string, unknown> {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: MAX_MICROVERSION,
    min_version: MIN_MICROVERSION,
    updated: '2023-08-31T00:00:00Z',
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${serviceUrl(site, 'volume')}/v3/` },
    ],
    'media-types': [
      { base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' },
    ],
  };
}
