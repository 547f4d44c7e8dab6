import type { Client, Server } from '@fedcloud/openstack';
import { dictColumn, Formatted, listOfDictsColumn, type OscOutput } from './format.js';
import { findFlavor, findImage } from './lookup.js';

/** nova's power states, as openstackclient's PowerStateColumn names them. */
const POWER_STATES: Record<number, string> = {
  0: 'NOSTATE',
  1: 'Running',
  3: 'Paused',
  4: 'Shutdown',
  6: 'Crashed',
  7: 'Suspended',
};

export function powerState(value: unknown): Formatted {
  return new Formatted(
    typeof value === 'number' ? (POWER_STATES[value] ?? 'N/A') : 'N/A',
    value ?? null,
  );
}

type Addresses = Record<string, { addr: string }[]>;

/** openstackclient's AddressesColumn: `net=10.0.0.5, 2001::1; net2=…`; `{net: [addr]}` for machines. */
export function addressesColumn(addresses: Addresses | undefined): Formatted {
  const simple = Object.fromEntries(
    Object.entries(addresses ?? {}).map(([net, list]) => [net, list.map((a) => a.addr)]),
  );
  return new Formatted(
    Object.entries(simple)
      .map(([net, list]) => `${net}=${list.join(', ')}`)
      .join('; '),
    simple,
  );
}

export const raw = (server: Server) => server as Record<string, unknown>;

export function imageId(server: Server): string | undefined {
  return typeof server.image === 'object' ? server.image.id : undefined;
}

/** `server show`: the API's fields, renamed and formatted as openstackclient's _prep_server_detail. */
export async function serverDetail(
  client: Client,
  server: Server,
  signal: AbortSignal,
): Promise<OscOutput> {
  const info: Record<string, unknown> = { ...raw(server) };
  const image = imageId(server);
  if (image) {
    const name = await findImage(client, image, signal).then(
      (i) => i.name ?? '',
      () => '',
    );
    info.image = `${name} (${image})`;
  } else {
    info.image = 'N/A (booted from volume)';
  }
  const flavor = server.flavor;
  if (flavor?.original_name !== undefined) {
    const { links: _links, ...rest } = flavor as Record<string, unknown>;
    info.flavor = dictColumn(rest);
  } else if (flavor?.id) {
    const name = await findFlavor(client, flavor.id, signal).then(
      (f) => f.name,
      () => '',
    );
    info.flavor = `${name} (${flavor.id})`;
  }
  info.addresses = addressesColumn(server.addresses);
  info.properties = dictColumn(server.metadata ?? {});
  delete info.metadata;
  delete info.links;
  if ('tenant_id' in info) {
    info.project_id = info.tenant_id;
    delete info.tenant_id;
  }
  const volumes = info['os-extended-volumes:volumes_attached'];
  delete info['os-extended-volumes:volumes_attached'];
  info.volumes_attached = listOfDictsColumn(
    Array.isArray(volumes) ? (volumes as Record<string, unknown>[]) : [],
  );
  if (Array.isArray(info.security_groups)) {
    info.security_groups = listOfDictsColumn(info.security_groups as Record<string, unknown>[]);
  }
  if ('OS-EXT-STS:power_state' in info) {
    info['OS-EXT-STS:power_state'] = powerState(info['OS-EXT-STS:power_state']);
  }
  const fields = Object.keys(info).sort();
  return { kind: 'show', columns: fields, values: fields.map((f) => info[f]) };
}
