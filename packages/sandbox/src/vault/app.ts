import { Hono, type Context } from 'hono';
import type { Caller, OpenRoute, Route, VaultServices } from './context.js';
import { kvRoutes } from './kv-routes.js';
import { loginRoute } from './login-routes.js';
import { authorize, type Capability, rulesFor } from './policy.js';
import { failure, noHandler, permissionDenied, type VaultReply } from './reply.js';
import { buildLogicalRequest, type LogicalRequest } from './request.js';
import { healthBody, openSysRoutes, sysRoutes } from './sys-routes.js';
import { tokenRoutes } from './token-routes.js';

const OPEN_ROUTES: OpenRoute[] = [loginRoute, ...openSysRoutes];
const ROUTES: Route[] = [...tokenRoutes, ...kvRoutes, ...sysRoutes];

/**
 * The emulated Vault's HTTP API. Every request goes the way Vault's core takes it
 * (vault/request_handling.go): login and health need no token; anything else needs a live token,
 * which spends one of its uses whatever the outcome, then the token's policies must grant the
 * path, and only then does a handler run. A token on its last use is revoked after the request.
 */
export function vaultApp(services: VaultServices): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // Hono answers HEAD with the GET route, without the body, as Vault does for sys/health.
  app.get('/v1/sys/health', (c) => send(c, { status: 200, body: healthBody(services) }));
  app.all('/v1/*', async (c) => send(c, await handle(services, c)));
  // Vault's Go mux for anything outside /v1/.
  app.all('*', (c) => c.text('404 page not found\n', 404));
  return app;
}

async function handle(services: VaultServices, c: Context): Promise<VaultReply> {
  const built = await buildLogicalRequest(c);
  if (!built.ok) return failure(built.status, ...built.errors);
  const { request } = built;
  const open = OPEN_ROUTES.find((route) => route.matches(request));
  if (open) return open.handle(request, services);

  const found = services.tokens.lookup(request.token);
  if (!found) return permissionDenied;
  const { stored, lastUse } = services.tokens.use(found);
  try {
    const caller: Caller = {
      token: request.token,
      stored,
      rules: rulesFor(stored.entry.policies, { alias: stored.entry.alias }),
    };
    const route = ROUTES.find((r) => r.matches(request));
    const capability = route?.capability?.(request, caller, services) ?? asCapability(request);
    if (!authorize(caller.rules, capability, request.path, request.data)) return permissionDenied;
    if (!route) return noHandler(request.path);
    return await route.handle(request, caller, services);
  } finally {
    if (lastUse) services.tokens.revoke(stored.hash);
  }
}

function asCapability(request: LogicalRequest): Capability {
  return request.operation;
}

/** Vault answers JSON with exactly `application/json` (hvac compares the header verbatim). */
function send(c: Context, reply: VaultReply): Response {
  if (reply.status === 204) return c.body(null, 204);
  const body = 'body' in reply ? reply.body : { errors: reply.errors };
  return c.body(JSON.stringify(body), reply.status, { 'Content-Type': 'application/json' });
}
