import type { OpenAPIHono } from '@hono/zod-openapi';
import { createHubApp } from '../app.js';
import type { HubContext } from '../context.js';
import type { HubDatabase } from '../db/database.js';
import { fixedTokenVerifier, testHubContext } from './context.js';
import { grantRole } from './registry-rows.js';

export interface AdminTestHub {
  ctx: HubContext;
  app: OpenAPIHono;
}

/**
 * A hub app on a test database where the token `admin` is a federation admin: for suites that
 * publish and read information and are not about who may do so.
 */
export async function adminTestHub(database: HubDatabase, now: () => Date): Promise<AdminTestHub> {
  const ctx = testHubContext(database, {
    now,
    verifier: fixedTokenVerifier({ admin: { subject: 'admin' } }),
  });
  const app = createHubApp(ctx);
  await grantRole(database.db, 'admin', 'federation-admin', '');
  return { ctx, app };
}
