import type { MiddlewareHandler } from 'hono';
import { CinderError } from './errors.js';

export const MIN_MICROVERSION = '3.0';
export const MAX_MICROVERSION = '3.70';

/** A microversion as a comparable number: 3.70 → 3070. */
function mvNumber(version: string): number {
  const [major = '0', minor = '0'] = version.split('.');
  return Number(major) * 1000 + Number(minor);
}

export interface VolumeEnv {
  Variables: { mv: number };
}

/**
 * Reads `OpenStack-API-Version: volume 3.x` (3.0 when absent, the maximum for `latest`) and echoes
 * the version served with `Vary`, as cinder/api/openstack/wsgi.py does.
 * https://docs.openstack.org/cinder/latest/contributor/api_microversion_dev.html
 */
export function microversion(): MiddlewareHandler<VolumeEnv> {
  return async (c, next) => {
    const header = c.req.header('openstack-api-version');
    let version = MIN_MICROVERSION;
    if (header) {
      const match = /^\s*volume\s+(\S+)\s*$/i.exec(header);
      const requested = match?.[1] ?? '';
      if (requested.toLowerCase() === 'latest') version = MAX_MICROVERSION;
      else if (/^\d+\.\d+$/.test(requested)) version = requested;
      else if (match) {
        throw new CinderError(
          400,
          `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
        );
      }
    }
    const number = mvNumber(version);
    c.header('OpenStack-API-Version', `volume ${version}`);
    c.header('Vary', 'OpenStack-API-Version');
    if (number < mvNumber(MIN_MICROVERSION) || number > mvNumber(MAX_MICROVERSION)) {
      throw new CinderError(
        406,
        `Version ${version} is not supported by the API. Minimum is ${MIN_MICROVERSION} and maximum is ${MAX_MICROVERSION}.`,
      );
    }
    c.set('mv', number);
    await next();
  };
}
