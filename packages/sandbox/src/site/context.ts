import type { ResourceStore } from '../store/resources.js';
import type { Faults } from './faults.js';
import type { SiteSpec } from './spec.js';

/** How a site reaches the federation's OpenID Connect issuer (JWKS for signatures, userinfo for VOs). */
export interface IssuerLink {
  issuer: string;
  jwksUri: string;
  userinfoEndpoint: string;
  /** fetch that trusts the sandbox CA. */
  fetch: typeof fetch;
}

/** What every emulated service of one site is given. */
export interface SiteContext {
  spec: SiteSpec;
  store: ResourceStore;
  /** Base URL of the site, e.g. https://127.0.0.1:7501 (no trailing slash). */
  baseUrl: string;
  faults: Faults;
  issuer: IssuerLink;
  /** Folder for this site's image data. */
  dataDir: string;
  now: () => Date;
}

export const SERVICE_PATHS = {
  identity: '/v3',
  compute: '/compute',
  image: '/image',
  network: '/network',
  volume: '/volume',
} as const;

export function serviceUrl(site: SiteContext, service: keyof typeof SERVICE_PATHS): string {
  return `${site.baseUrl}${SERVICE_PATHS[service]}`;
}
