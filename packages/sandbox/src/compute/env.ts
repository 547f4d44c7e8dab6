import type { Context } from 'hono';
import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { serviceUrl } from '../site/context.js';

/** Per-request state of the v2.1 API app. */
interface ComputeVars {
  auth: AuthContext;
  /** Microversion minor number (2.47 → 47). */
  mv: number;
}

interface ComputeBindings {
  /** Set when the client used the legacy `/v2.1/{project_id}/...` URL form; links then keep it. */
  urlProjectId?: string;
}

export interface ComputeEnv {
  Variables: ComputeVars;
  Bindings: ComputeBindings;
}

export type ComputeContext = Context<ComputeEnv>;

/**
 * Nova's links: `self` is versioned, `bookmark` is not, and both carry the project id only when
 * the request URL did (nova/api/openstack/common.py ViewBuilder._get_project_id).
 */
export function selfHref(site: SiteContext, c: ComputeContext, path: string): string {
  return `${serviceUrl(site, 'compute')}/v2.1${projectPart(c)}${path}`;
}

export function bookmarkHref(site: SiteContext, c: ComputeContext, path: string): string {
  return `${serviceUrl(site, 'compute')}${projectPart(c)}${path}`;
}

export function links(site: SiteContext, c: ComputeContext, path: string) {
  return [
    { rel: 'self', href: selfHref(site, c, path) },
    { rel: 'bookmark', href: bookmarkHref(site, c, path) },
  ];
}

function projectPart(c: ComputeContext): string {
  const id = c.env?.urlProjectId;
  return id ? `/${id}` : '';
}
