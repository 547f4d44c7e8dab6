import {
  getFlavor,
  getImage,
  getNetwork,
  getServer,
  isOpenStackError,
  listFlavors,
  listFloatingIps,
  listImages,
  listNetworks,
  listSecurityGroups,
  listServers,
  listVolumes,
  type Client,
  type Flavor,
  type FloatingIp,
  type Image,
  type Network,
  type SecurityGroup,
  type Server,
  type Volume,
} from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';

/**
 * osc-lib's find_resource: the id first, then an exact name; several matches by name is an error.
 * Messages are openstackclient's, so scripts grepping for them keep working.
 */
async function byIdOrName<T extends { id: string; name?: string | null | undefined }>(
  what: string,
  key: string,
  get: (() => Promise<T>) | undefined,
  list: () => Promise<T[]>,
): Promise<T> {
  if (get) {
    try {
      return await get();
    } catch (error) {
      if (!(isOpenStackError(error) && (error.status === 404 || error.status === 400))) throw error;
    }
  }
  const all = await list();
  const byId = all.filter((item) => item.id === key);
  if (byId.length === 1 && byId[0]) return byId[0];
  const matches = all.filter((item) => item.name === key);
  if (matches.length > 1) {
    throw new FedcloudError('NOT_FOUND', `More than one ${what} exists with the name '${key}'.`);
  }
  if (!matches[0]) {
    throw new FedcloudError('NOT_FOUND', `No ${what} with a name or ID of '${key}' exists.`);
  }
  return matches[0];
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function findServer(client: Client, key: string, signal: AbortSignal): Promise<Server> {
  return byIdOrName(
    'server',
    key,
    () => getServer(client, key, { signal }),
    () => listServers(client, {}, { signal }),
  );
}

export function findImage(client: Client, key: string, signal: AbortSignal): Promise<Image> {
  return byIdOrName(
    'image',
    key,
    UUID.test(key) ? () => getImage(client, key, { signal }) : undefined,
    () => listImages(client, {}, { signal }),
  );
}

export function findFlavor(client: Client, key: string, signal: AbortSignal): Promise<Flavor> {
  return byIdOrName(
    'flavor',
    key,
    () => getFlavor(client, key, { signal }),
    () => listFlavors(client, {}, { signal }),
  );
}

export function findNetwork(client: Client, key: string, signal: AbortSignal): Promise<Network> {
  return byIdOrName(
    'network',
    key,
    UUID.test(key) ? () => getNetwork(client, key, { signal }) : undefined,
    () => listNetworks(client, {}, { signal }),
  );
}

export function findSecurityGroup(
  client: Client,
  key: string,
  signal: AbortSignal,
): Promise<SecurityGroup> {
  return byIdOrName('security group', key, undefined, () =>
    listSecurityGroups(client, {}, { signal }),
  );
}

export function findVolume(client: Client, key: string, signal: AbortSignal): Promise<Volume> {
  return byIdOrName('volume', key, undefined, () => listVolumes(client, {}, { signal }));
}

export async function findFloatingIp(
  client: Client,
  key: string,
  signal: AbortSignal,
): Promise<FloatingIp> {
  const all = await listFloatingIps(client, {}, { signal });
  const found = all.find((ip) => ip.id === key) ?? all.find((ip) => ip.floating_ip_address === key);
  if (!found) {
    throw new FedcloudError('NOT_FOUND', `No floating IP with a name or ID of '${key}' exists.`);
  }
  return found;
}
