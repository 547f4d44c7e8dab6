import { OpenAPIHono } from '@hono/zod-openapi';
import type { HubContext } from '../../context.js';
import { validationHook } from '../validation.js';

// Stub: to be filled in (see api-types.ts for the contract).
export function ldifRoutes(ctx: HubContext): OpenAPIHono {
  void ctx;
  return new OpenAPIHono({ defaultHook: validationHook });
}
