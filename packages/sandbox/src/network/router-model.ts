import type { SiteContext } from '../site/context.js';
import type { FixedIp } from './port-model.js';
import { STANDARD_ATTRIBUTES, standardAttrs, type StandardAttrs } from './standard-attr-model.js';
import type { HostRoute } from './subnet-model.js';

/**
 * Routers (router extension, L3 with SNAT gateway).
 * https://docs.openstack.org/api-ref/network/v2/#routers-routers
 */
export const ROUTER_ADMIN_ONLY = ['distributed', 'ha'];

export const ROUTER_ATTRIBUTES = [
  ...STANDARD_ATTRIBUTES,
  'admin_state_up',
  'status',
  'availability_zones',
  'flavor_id',
  'enable_ndp_proxy',
  ...ROUTER_ADMIN_ONLY,
] as const;

export interface ExternalGatewayInfo {
  network_id: string;
  enable_snat: boolean;
  external_fixed_ips: FixedIp[];
}

export interface RouterBody extends StandardAttrs {
  admin_state_up: boolean;
  status: 'ACTIVE';
  external_gateway_info: ExternalGatewayInfo | null;
  routes: HostRoute[];
  availability_zone_hints: string[];
  availability_zones: string[];
  distributed: boolean;
  ha: boolean;
  flavor_id: string | null;
  enable_ndp_proxy: boolean;
}

export interface GatewayRequest {
  network_id: string;
  enable_snat?: boolean | undefined;
  external_fixed_ips?:
    { subnet_id?: string | undefined; ip_address?: string | undefined }[] | undefined;
}

export interface NewRouter {
  id?: string;
  projectId: string;
  name?: string | undefined;
  description?: string | undefined;
  adminStateUp?: boolean | undefined;
  distributed?: boolean | undefined;
  ha?: boolean | undefined;
  availabilityZoneHints?: string[] | undefined;
  tags?: string[] | undefined;
}

export function buildRouter(site: SiteContext, spec: NewRouter): RouterBody {
  return {
    ...standardAttrs(site, spec),
    admin_state_up: spec.adminStateUp ?? true,
    status: 'ACTIVE',
    external_gateway_info: null,
    routes: [],
    availability_zone_hints: spec.availabilityZoneHints ?? [],
    availability_zones: ['nova'],
    distributed: spec.distributed ?? false,
    ha: spec.ha ?? false,
    flavor_id: null,
    enable_ndp_proxy: false,
  };
}
