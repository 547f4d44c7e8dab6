import type { Context } from 'hono';
import { webobErrorPage, webobKind } from '../site/fault-bodies.js';

/** The statuses Glance answers with. */
export type GlanceErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 416;

/**
 * Raised inside Glance handlers; `onError` turns it into webob's error page. Glance raises
 * `webob.exc.HTTPxxx(explanation=msg)` and lets webob render it, so the body depends on Accept.
 */
export class GlanceError extends Error {
  constructor(
    readonly status: GlanceErrorStatus,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GlanceError';
  }
}

/** Renders an error the way webob's WSGIHTTPException does (site/fault-bodies.ts). */
export function glanceErrorResponse(c: Context, error: GlanceError): Response {
  const page = webobErrorPage(error.status, error.message, webobKind(c.req.header('accept')));
  return new Response(page.text, {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': page.contentType },
  });
}
