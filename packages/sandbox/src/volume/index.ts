import { Hono, type MiddlewareHandler } from 'hono';
import { requireProjectToken } from '../keystone/auth.js';
import { SERVICE_PATHS, type SiteContext } from '../site/context.js';
import { requestId } from '../site/ids.js';
import { registerAvailabilityZoneRoutes } from './availability-zone-routes.js';
import type { CinderEnv } from './env.js';
import { CinderError, cinderErrorResponse } from './errors.js';
import { microversion } from './microversion.js';
import { registerQuotaRoutes } from './quota-routes.js';
import { registerSnapshotRoutes } from './snapshot-routes.js';
import { cinderVersion } from './versions.js';
import { registerActionRoutes } from './volume-action-routes.js';
import { registerMetadataRoutes } from './volume-metadata-routes.js';
import { registerVolumeRoutes } from './volume-routes.js';
import { registerVolumeTypeRoutes } from './volume-type-routes.js';

export {
  attachVolume,
  detachAllFromServer,
  detachVolume,
  listServerAttachments,
  type VolumeAttachment,
} from './attachment-store.js';

/**
 * cinder/api/openstack/wsgi.py refuses a URL whose project id is not the token's:
 * 400 "Malformed request url" (admins included; they use all_tenants instead).
 */
function projectInUrl(): MiddlewareHandler<CinderEnv> {
  return async (c, next) => {
    const projectId = c.req.param('project_id');
    if (projectId !== undefined && projectId !== c.get('auth').projectId) {
      throw new CinderError(400, 'Malformed request url');
    }
    await next();
  };
}

/** Cinder v3, mounted at /volume (https://docs.openstack.org/api-ref/block-storage/v3/). */
export function volumeApp(site: SiteContext): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('x-openstack-request-id', requestId());
  });
  const versions = { versions: [cinderVersion(site)] };
  // `/volume/` cannot be matched by a route of a mounted app (see image/index.ts).
  app.use('/*', async (c, next) => {
    if (c.req.method === 'GET' && c.req.path === `${SERVICE_PATHS.volume}/`)
      return c.json(versions, 300);
    await next();
  });
  app.get('/', (c) => c.json(versions, 300));
  app.get('/v3', (c) => c.json(versions));
  app.get('/v3/', (c) => c.json(versions));

  const v3 = new Hono<CinderEnv>();
  v3.onError((error, c) => {
    if (error instanceof CinderError) return cinderErrorResponse(c, error);
    throw error;
  });
  v3.use(requireProjectToken(site));
  v3.use(microversion());
  v3.use('/:project_id/*', projectInUrl());
  registerVolumeRoutes(v3, site);
  registerActionRoutes(v3, site);
  registerMetadataRoutes(v3, site);
  registerVolumeTypeRoutes(v3, site);
  registerQuotaRoutes(v3, site);
  registerAvailabilityZoneRoutes(v3);
  registerSnapshotRoutes(v3);
  app.route('/v3', v3);
  return app;
}

/** Cinder starts empty: volumes exist only once users create them. */
export function seedVolume(_site: SiteContext): void {}
