import type { SiteContext } from '../site/context.js';
import type { CinderApp } from './env.js';
import { CinderError } from './errors.js';
import { DEFAULT_TYPE_NAME, defaultTypeId } from './volume-model.js';
import { defaultType } from './volume-type-view.js';

/** Volume types: the site's default type only. */
export function registerVolumeTypeRoutes(app: CinderApp, site: SiteContext): void {
  // https://docs.openstack.org/api-ref/block-storage/v3/#volume-types-types
  app.get('/:project_id/types', (c) =>
    c.json({ volume_types: [defaultType(site, c.get('auth').isAdmin)] }),
  );
  app.get('/:project_id/types/default', (c) =>
    c.json({ volume_type: defaultType(site, c.get('auth').isAdmin) }),
  );
  app.get('/:project_id/types/:id', (c) => {
    const id = c.req.param('id');
    if (id !== defaultTypeId(site) && id !== DEFAULT_TYPE_NAME) {
      throw new CinderError(404, `Volume type ${id} could not be found.`);
    }
    return c.json({ volume_type: defaultType(site, c.get('auth').isAdmin) });
  });
}
