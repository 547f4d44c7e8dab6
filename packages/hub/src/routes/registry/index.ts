import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import type { HubContext } from '../../context.js';
import { validationHook } from '../validation.js';
import { registerDowntimeRoutes } from './downtimes.js';
import { registerEndpointRoutes } from './endpoints.js';
import { registerMetaRoutes } from './meta.js';
import type { HubEnv } from './principal.js';
import { registerRoleRoutes } from './roles.js';
import { registerSitePropertyRoutes } from './site-properties.js';
import { registerSiteRoutes } from './sites.js';
import { registerVoRoutes } from './vos.js';

/** The native registry API under /api/v1 (the GOCDB role), described in /openapi.json. */
export function registryRoutes(ctx: HubContext): OpenAPIHono<HubEnv> {
  // The shared hook only reads the validation result, never the context's variables.
  const defaultHook = validationHook as unknown as Hook<unknown, HubEnv, string, unknown>;
  const app = new OpenAPIHono<HubEnv>({ defaultHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "an access token of the federation's OIDC issuer",
  });
  registerSiteRoutes(app, ctx);
  registerEndpointRoutes(app, ctx);
  registerSitePropertyRoutes(app, ctx);
  registerDowntimeRoutes(app, ctx);
  registerVoRoutes(app, ctx);
  registerRoleRoutes(app, ctx);
  registerMetaRoutes(app, ctx);
  return app;
}
