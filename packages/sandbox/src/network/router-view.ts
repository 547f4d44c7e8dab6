import type { PortBody } from './port-model.js';
import type { RouterBody } from './router-model.js';

/** The body `add_router_interface` and `remove_router_interface` answer with. */
export function interfaceInfo(
  router: RouterBody,
  port: PortBody,
  subnetId: string,
): Record<string, unknown> {
  return {
    id: router.id,
    network_id: port.network_id,
    port_id: port.id,
    subnet_id: subnetId,
    subnet_ids: port.fixed_ips.map((ip) => ip.subnet_id),
    project_id: router.project_id,
    tenant_id: router.project_id,
    tags: router.tags,
  };
}
