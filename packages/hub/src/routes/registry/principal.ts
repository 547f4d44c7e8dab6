import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticate } from '../../auth/authenticate.js';
import { assertAllowed, type Action } from '../../auth/permissions.js';
import type { Principal } from '../../auth/types.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';

export interface HubEnv {
  Variables: { principal: Principal };
}

/**
 * Authenticates the caller before the request is validated, so an anonymous write is told it
 * needs a token (401) whatever its body; with an action, anonymous callers stop here. The
 * handler then checks the action against its target (assertAllowed) once it knows the site/VO.
 */
export function principal(ctx: HubContext, action?: Action): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const who = await authenticate(ctx, c);
    if (action && who.kind === 'anonymous') assertAllowed(who, action);
    c.set('principal', who);
    await next();
  };
}

/** Registry records are small; a larger body is a mistake or an attack, refused unread. */
const MAX_REGISTRY_BODY_BYTES = 64 * 1024;

/** The middleware of a write route: the caller first (401 before anything), then a body cap. */
export function writer(ctx: HubContext, action: Action): MiddlewareHandler<HubEnv>[] {
  return [
    principal(ctx, action),
    bodyLimit({
      maxSize: MAX_REGISTRY_BODY_BYTES,
      onError: () => {
        throw new HubError(
          'PAYLOAD_TOO_LARGE',
          `the request body is larger than ${MAX_REGISTRY_BODY_BYTES} bytes`,
        );
      },
    }),
  ];
}
