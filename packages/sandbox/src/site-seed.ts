import { seedCompute } from './compute/index.js';
import { seedImages } from './image/index.js';
import { seedIdentity } from './keystone/index.js';
import { seedNetwork } from './network/index.js';
import { seedVolume } from './volume/index.js';
import type { SiteContext } from './site/context.js';

/** Creates the site's projects, flavors, images and networks; safe to run on every start. */
export function seedSite(site: SiteContext): void {
  site.store.transaction(() => {
    seedIdentity(site);
    seedCompute(site);
    seedImages(site);
    seedNetwork(site);
    seedVolume(site);
  });
}
