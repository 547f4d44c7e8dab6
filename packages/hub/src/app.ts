import { OpenAPIHono } from '@hono/zod-openapi';
import type { HubContext } from './context.js';
import { HubError } from './errors.js';
import { accountingRoutes } from './routes/accounting/index.js';
import { amsRoutes } from './routes/ams/index.js';
import { cloudInfoRoutes } from './routes/cloud-info/index.js';
import { dashboardRoutes } from './routes/dashboard/index.js';
import { gocdbRoutes } from './routes/gocdb/index.js';
import { imageListRoutes } from './routes/image-lists/index.js';
import { infoRoutes } from './routes/info/index.js';
import { ldifRoutes } from './routes/ldif/index.js';
import { registryRoutes } from './routes/registry/index.js';
import { refuseControlCharactersInUrl } from './routes/control-characters.js';
import { validationHook } from './routes/validation.js';

/**
 * The hub's HTTP application, socket-free so tests use `app.request()`. Route groups:
 *   /api/v1/...           native REST API (registry + information system), OpenAPI-described
 *   /gocdbpi/public/      GOCDB Programmatic Interface (read, XML)
 *   /sites/ /site/ /vos/ /images/ /fedcloudclient/   cloud-info-api compatible reads
 *   /glue2.ldif, /api/v1/sites/{site}/glue2.ldif      GLUE2 LDIF export
 *   /dashboard/           the web pages
 */
export function createHubApp(ctx: HubContext): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use(refuseControlCharactersInUrl);

  app.route('/', registryRoutes(ctx));
  app.route('/', infoRoutes(ctx));
  app.route('/', accountingRoutes(ctx));
  app.route('/', amsRoutes(ctx));
  app.route('/', imageListRoutes(ctx));
  app.route('/', cloudInfoRoutes(ctx));
  app.route('/', gocdbRoutes(ctx));
  app.route('/', ldifRoutes(ctx));
  app.route('/', dashboardRoutes(ctx));

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'fedcloud-hub',
      version: '0.1.0',
      description:
        'Site registry (GOCDB role) and information system (cloud-info role) of a fedcloud federation.',
    },
  });

  app.notFound((c) =>
    c.json(new HubError('NOT_FOUND', `no such path: ${c.req.method} ${c.req.path}`).toBody(), 404),
  );
  app.onError((error, c) => {
    // The body was not read to its end, so the connection cannot carry another request: say so,
    // and Node closes it after this answer instead of parsing the rest as the next request.
    const status =
      error instanceof HubError ? error.status : (error as { status?: unknown }).status;
    if (status === 413) c.header('connection', 'close');
    if (error instanceof HubError) {
      if (error.retryAfterSeconds !== undefined) {
        c.header('retry-after', String(error.retryAfterSeconds));
      }
      return c.json(error.toBody(), error.status);
    }
    // Hono raises HTTPException for body-limit and similar; keep its status, in our shape.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return c.json(
        {
          error: {
            code:
              status === 413
                ? 'PAYLOAD_TOO_LARGE'
                : status === 415
                  ? 'UNSUPPORTED_MEDIA_TYPE'
                  : 'BAD_REQUEST',
            message: error.message,
          },
        },
        status as 400,
      );
    }
    console.error(`fedcloud-hub: ${c.req.method} ${c.req.path}:`, error);
    return c.json(new HubError('INTERNAL', 'internal error; see the hub log').toBody(), 500);
  });
  return app;
}
