import type { MiddlewareHandler } from 'hono';
import { novaFault } from './errors.js';

/**
 * Compute API microversions (https://docs.openstack.org/api-guide/compute/microversions.html).
 * Only major version 2 exists, so a version is kept as its minor number: 2.47 → 47.
 */
const MIN_MINOR = 1;
const MAX_MINOR = 90;
export const MIN_VERSION = `2.${MIN_MINOR}`;
export const MAX_VERSION = `2.${MAX_MINOR}`;

const VARY = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version';

type VersionParse = { ok: true; minor: number } | { ok: false; status: 400 | 406; message: string };

/**
 * Reads the requested version the way nova/api/openstack/wsgi.py does: the standard
 * `OpenStack-API-Version: compute 2.x` header wins over the legacy `X-OpenStack-Nova-API-Version`;
 * no header means the minimum (2.1); `latest` means the maximum.
 */
function parseMicroversion(headers: {
  standard?: string | undefined;
  legacy?: string | undefined;
}): VersionParse {
  let requested: string | undefined;
  if (headers.standard) {
    // The header may name several services: "compute 2.60, volume 3.5".
    for (const part of headers.standard.split(',')) {
      const [service, value] = part.trim().split(/\s+/, 2);
      if (service?.toLowerCase() === 'compute' && value) requested = value;
    }
  }
  requested ??= headers.legacy?.trim() || undefined;
  if (requested === undefined) return { ok: true, minor: MIN_MINOR };
  if (requested.toLowerCase() === 'latest') return { ok: true, minor: MAX_MINOR };
  const match = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(requested);
  if (!match) {
    return {
      ok: false,
      status: 400,
      message: `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
    };
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major !== 2 || minor < MIN_MINOR || minor > MAX_MINOR) {
    return {
      ok: false,
      status: 406,
      message: `Version ${requested} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`,
    };
  }
  return { ok: true, minor };
}

/** Sets `c.var.mv` and echoes the version in both headers, with `Vary`, on every answer. */
export function microversionMiddleware(): MiddlewareHandler<{ Variables: { mv: number } }> {
  return async (c, next) => {
    const parsed = parseMicroversion({
      standard: c.req.header('openstack-api-version'),
      legacy: c.req.header('x-openstack-nova-api-version'),
    });
    c.header('Vary', VARY);
    if (!parsed.ok) return novaFault(c, parsed.status, parsed.message);
    c.set('mv', parsed.minor);
    c.header('OpenStack-API-Version', `compute 2.${parsed.minor}`);
    c.header('X-OpenStack-Nova-API-Version', `2.${parsed.minor}`);
    await next();
  };
}

/** True when the request's microversion is at least 2.<minor>. */
export function atLeast(c: { var: { mv: number } }, minor: number): boolean {
  return c.var.mv >= minor;
}
