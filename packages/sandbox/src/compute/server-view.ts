import { createHash } from 'node:crypto';
import { listServerAddresses, portFixedIps } from '../network/index.js';
import type { SiteContext } from '../site/context.js';
import { listServerAttachments, type VolumeAttachment } from '../volume/index.js';
import { type ComputeContext, bookmarkHref, links } from './env.js';
import { atLeast } from './microversion.js';
import { isoMicros, isoSeconds } from './time.js';
import { type ServerRecord, buildTaskState, serverStatus } from './server-model.js';

/** Statuses for which Nova shows `progress` (nova/api/openstack/compute/views/servers.py). */
const PROGRESS_STATUSES = new Set([
  'ACTIVE',
  'BUILD',
  'REBUILD',
  'RESIZE',
  'VERIFY_RESIZE',
  'MIGRATING',
]);

/** The `{id, links, name}` entry of GET /servers. */
export function serverSummary(site: SiteContext, c: ComputeContext, server: ServerRecord) {
  return { id: server.id, links: links(site, c, `/servers/${server.id}`), name: server.name };
}

export interface ViewOptions {
  /** GET /servers/{id} (and update/rebuild): adds fields list views lack (server_groups). */
  show?: boolean;
  /** PUT /servers/{id} before 2.75 answers a reduced body without the extension attributes. */
  reduced?: boolean;
}

/**
 * A server as GET /servers/{id} and /servers/detail show it at the request's microversion.
 * https://docs.openstack.org/api-ref/compute/#show-server-details
 */
export function serverView(
  site: SiteContext,
  c: ComputeContext,
  server: ServerRecord,
  options: ViewOptions = {},
) {
  const auth = c.var.auth;
  const admin = auth.isAdmin;
  const status = serverStatus(server);
  const taskState = buildTaskState(site, server);
  // The host is only known once the scheduler has picked it.
  const scheduled =
    !(server.vmState === 'building' && taskState === 'scheduling') && server.vmState !== 'deleted';
  const host = scheduled ? server.host : null;

  const body: Record<string, unknown> = {
    id: server.id,
    name: server.name,
    status,
    tenant_id: server.projectId,
    user_id: server.userId,
    metadata: server.metadata,
    hostId: host
      ? createHash('sha224')
          .update(server.projectId + host)
          .digest('hex')
      : '',
    image: server.imageId
      ? {
          id: server.imageId,
          links: [{ rel: 'bookmark', href: bookmarkHref(site, c, `/images/${server.imageId}`) }],
        }
      : '',
    flavor: flavorView(site, c, server),
    created: isoSeconds(server.createdAt),
    updated: isoSeconds(server.updatedAt),
    addresses: server.vmState === 'deleted' ? {} : listServerAddresses(site, server.id),
    accessIPv4: server.accessIPv4,
    accessIPv6: server.accessIPv6,
    links: links(site, c, `/servers/${server.id}`),
    'OS-DCF:diskConfig': server.diskConfig,
  };
  if (PROGRESS_STATUSES.has(status)) body.progress = 0;
  if (server.fault && (status === 'ERROR' || status === 'DELETED')) {
    const fault: Record<string, unknown> = {
      code: server.fault.code,
      created: isoSeconds(server.fault.created),
      message: server.fault.message,
    };
    // Details (a traceback) are for admins only when the fault is a 500.
    if (admin || server.fault.code !== 500) fault.details = server.fault.details ?? '';
    body.fault = fault;
  }
  if (atLeast(c, 9)) body.locked = server.locked;
  if (atLeast(c, 19)) body.description = server.description;
  if (atLeast(c, 26)) body.tags = server.tags;
  if (atLeast(c, 73)) body.locked_reason = server.lockedReason;
  if (atLeast(c, 63)) body.trusted_image_certificates = null;
  if (options.reduced && !atLeast(c, 75)) return body;

  Object.assign(body, {
    'OS-EXT-AZ:availability_zone': scheduled ? server.availabilityZone : '',
    config_drive: server.configDrive ? 'True' : '',
    key_name: server.keyName,
    'OS-SRV-USG:launched_at': server.launchedAt ? isoMicros(server.launchedAt) : null,
    'OS-SRV-USG:terminated_at': server.terminatedAt ? isoMicros(server.terminatedAt) : null,
    'OS-EXT-STS:task_state': taskState,
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-EXT-STS:power_state': server.powerState,
    'os-extended-volumes:volumes_attached': volumesAttached(site, c, server),
  });
  if (server.vmState !== 'deleted' && server.securityGroups.length > 0) {
    body.security_groups = server.securityGroups.map((name) => ({ name }));
  }
  if (admin) {
    Object.assign(body, {
      'OS-EXT-SRV-ATTR:host': host,
      'OS-EXT-SRV-ATTR:hypervisor_hostname': host
        ? `${host}.${site.spec.name.toLowerCase()}.sandbox`
        : null,
      'OS-EXT-SRV-ATTR:instance_name': server.instanceName,
    });
    if (atLeast(c, 3)) {
      Object.assign(body, {
        'OS-EXT-SRV-ATTR:reservation_id': server.reservationId,
        'OS-EXT-SRV-ATTR:launch_index': server.launchIndex,
        'OS-EXT-SRV-ATTR:kernel_id': '',
        'OS-EXT-SRV-ATTR:ramdisk_id': '',
        'OS-EXT-SRV-ATTR:root_device_name': scheduled ? server.rootDeviceName : null,
        'OS-EXT-SRV-ATTR:user_data': server.userData,
      });
    }
    if (atLeast(c, 16)) body.host_status = host ? 'UP' : '';
  }
  // 2.90 shows the hostname to everyone; before that it is an admin-only 2.3 attribute.
  if ((admin && atLeast(c, 3)) || atLeast(c, 90))
    body['OS-EXT-SRV-ATTR:hostname'] = server.hostname;
  if (options.show && atLeast(c, 71)) body.server_groups = [];
  return body;
}

/** Before 2.47 a reference to the flavor; from 2.47 a copy of it, since the flavor may be gone. */
function flavorView(site: SiteContext, c: ComputeContext, server: ServerRecord) {
  const f = server.flavor;
  if (!atLeast(c, 47)) {
    return {
      id: f.id,
      links: [{ rel: 'bookmark', href: bookmarkHref(site, c, `/flavors/${f.id}`) }],
    };
  }
  return {
    vcpus: f.vcpus,
    ram: f.ram,
    disk: f.disk,
    ephemeral: f.ephemeral,
    swap: f.swap,
    original_name: f.name,
    extra_specs: f.extraSpecs,
  };
}

function volumesAttached(site: SiteContext, c: ComputeContext, server: ServerRecord) {
  if (server.vmState === 'deleted') return [];
  return listServerAttachments(site, server.id).map((a) => {
    const entry: Record<string, unknown> = { id: a.volumeId };
    if (atLeast(c, 3)) entry.delete_on_termination = server.volumeFlags[a.volumeId] ?? false;
    return entry;
  });
}

/** /ips shows only version and addr of each address. */
export function plainAddresses(site: SiteContext, serverId: string) {
  return Object.fromEntries(
    Object.entries(listServerAddresses(site, serverId)).map(([net, list]) => [
      net,
      list.map((a) => ({ version: a.version, addr: a.addr })),
    ]),
  );
}

/** Nova reads the port from Neutron: its fixed IPs come with their subnets. */
export function interfaceView(
  site: SiteContext,
  c: ComputeContext,
  p: ServerRecord['ports'][number],
) {
  const body: Record<string, unknown> = {
    port_state: 'ACTIVE',
    fixed_ips: portFixedIps(site, p.portId) ?? [{ subnet_id: null, ip_address: p.ip }],
    port_id: p.portId,
    net_id: p.networkId,
    mac_addr: p.mac,
  };
  if (atLeast(c, 70)) body.tag = null;
  return body;
}

/** 2.70 adds tag, 2.79 delete_on_termination, 2.89 attachment_id/bdm_uuid and drops id. */
export function attachmentView(c: ComputeContext, server: ServerRecord, a: VolumeAttachment) {
  const body: Record<string, unknown> = {
    device: a.device,
    serverId: a.serverId,
    volumeId: a.volumeId,
  };
  if (!atLeast(c, 89)) body.id = a.volumeId;
  if (atLeast(c, 70)) body.tag = null;
  if (atLeast(c, 79)) body.delete_on_termination = server.volumeFlags[a.volumeId] ?? false;
  if (atLeast(c, 89)) {
    body.attachment_id = a.id;
    body.bdm_uuid = a.id;
  }
  return body;
}
