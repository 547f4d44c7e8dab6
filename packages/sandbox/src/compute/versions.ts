import type { SiteContext } from '../site/context.js';
import { serviceUrl } from '../site/context.js';
import { MAX_VERSION, MIN_VERSION } from './microversion.js';

/**
 * Version discovery documents (unauthenticated, nova/api/openstack/compute/versions.py).
 * https://docs.openstack.org/api-ref/compute/#api-versions
 */
function versionV21(site: SiteContext) {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: MAX_VERSION,
    min_version: MIN_VERSION,
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${serviceUrl(site, 'compute')}/v2.1/` }],
  };
}

export function versionsDocument(site: SiteContext) {
  return {
    versions: [
      {
        id: 'v2.0',
        status: 'SUPPORTED',
        version: '',
        min_version: '',
        updated: '2011-01-21T11:33:21Z',
        links: [{ rel: 'self', href: `${serviceUrl(site, 'compute')}/v2/` }],
      },
      versionV21(site),
    ],
  };
}

export function versionDocument(site: SiteContext) {
  const v = versionV21(site);
  return {
    version: {
      ...v,
      links: [
        ...v.links,
        { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
      ],
      'media-types': [
        { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
      ],
    },
  };
}
