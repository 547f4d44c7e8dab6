import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { findImageForProject } from '../image/index.js';
import type { AuthContext } from '../keystone/auth.js';
import {
  type ServerPort,
  createServerPort,
  ensureDefaultSecurityGroup,
  findSecurityGroup,
  visibleNetworks,
} from '../network/index.js';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { ServiceError } from '../site/service-error.js';
import { attachVolume } from '../volume/index.js';
import { parseBody } from './request.js';
import { type ComputeContext, selfHref, links } from './env.js';
import { NovaError, badRequest, conflict, forbidden } from './errors.js';
import type { FlavorRecord } from './flavor-model.js';
import { findFlavor } from './flavor-store.js';
import { findKeypair } from './keypair-store.js';
import { atLeast } from './microversion.js';
import { projectQuotas } from './quota-store.js';
import {
  POWER,
  lastSegment,
  password,
  sanitizeHostname,
  toBool,
  validateUserData,
  type ServerRecord,
} from './server-model.js';
import { SERVER_KIND, serverUsage } from './server-store.js';

/** Integers Nova accepts as JSON numbers or digit strings (min_count, volume_size ...). */
const intish = (min: number) =>
  z
    .union([
      z.number().int(),
      z
        .string()
        .regex(/^\s*\d+\s*$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(min));

const networkEntry = z.looseObject({
  uuid: z.string().optional(),
  port: z.string().nullable().optional(),
  fixed_ip: z.string().optional(),
  tag: z.string().optional(),
});

const bdmEntry = z.looseObject({
  boot_index: z.union([z.number().int(), z.string(), z.null()]).optional(),
  uuid: z.string().optional(),
  source_type: z.enum(['volume', 'image', 'snapshot', 'blank']).optional(),
  destination_type: z.enum(['volume', 'local']).optional(),
  volume_size: intish(0).optional(),
  delete_on_termination: z.boolean().optional(),
  device_name: z.string().optional(),
});

const booleanish = z.union([z.boolean(), z.string()]).nullable().optional();

/** The body of POST /servers (nova/api/openstack/compute/schemas/servers.py, loosely). */
const createSchema = z.looseObject({
  server: z.looseObject({
    name: z.string().min(1).max(255),
    imageRef: z.string().nullable().optional(),
    flavorRef: z.union([z.string().min(1), z.number().int()]).transform(String),
    networks: z.union([z.literal('auto'), z.literal('none'), z.array(networkEntry)]).optional(),
    user_data: z.string().max(65535).nullable().optional(),
    key_name: z.string().min(1).max(255).nullable().optional(),
    security_groups: z.array(z.looseObject({ name: z.string().min(1).max(255) })).optional(),
    metadata: z.record(z.string().min(1).max(255), z.string().max(255)).optional(),
    availability_zone: z.string().min(1).max(255).nullable().optional(),
    min_count: intish(1).optional(),
    max_count: intish(1).optional(),
    return_reservation_id: booleanish,
    block_device_mapping_v2: z.array(bdmEntry).optional(),
    config_drive: booleanish,
    description: z.string().max(255).nullable().optional(),
    tags: z.array(z.string().min(1).max(60)).max(50).optional(),
    accessIPv4: z.string().optional(),
    accessIPv6: z.string().optional(),
    adminPass: z.string().optional(),
    'OS-DCF:diskConfig': z.enum(['AUTO', 'MANUAL']).optional(),
    hostname: z.string().min(1).max(63).optional(),
  }),
});

type CreateInput = z.infer<typeof createSchema>['server'];

interface NetworkRequest {
  networkId?: string;
  portId?: string;
  fixedIp?: string;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * POST /servers: validates like nova-api (flavor, image, key, security groups, networks, then
 * quota) and creates the instance(s) in one store transaction with their ports and boot volumes,
 * so a failure anywhere leaves nothing behind.
 * https://docs.openstack.org/api-ref/compute/#create-server
 */
export async function createServer(site: SiteContext, c: ComputeContext): Promise<Response> {
  const raw = await parseBody(c, createSchema);
  const input = raw.server;
  const auth = c.var.auth;
  checkVersionedFields(c, input);
  // Before 2.19 a server had no description of its own: Nova stores its name there.
  if (!atLeast(c, 19)) input.description = input.name;

  const flavorId = lastSegment(input.flavorRef);
  const flavor = findFlavor(site, auth, flavorId);
  // Nova turns FlavorNotFound into 400 here: the request, not the URL, names the flavor.
  if (!flavor || flavor.disabled) throw badRequest(`Flavor ${flavorId} could not be found.`);

  const boot = resolveBootSource(site, auth, input, flavor);

  let keyData: string | null = null;
  if (input.key_name) {
    const key = findKeypair(site, auth.userId, input.key_name);
    if (!key) throw badRequest('Invalid key_name provided.');
    keyData = key.body.publicKey;
  }
  if (input.user_data) validateUserData(input.user_data);
  if (input.availability_zone && input.availability_zone.split(':')[0] !== 'nova') {
    throw badRequest('The requested availability zone is not available');
  }
  const configDrive = toBool(input.config_drive, 'Invalid config_drive provided.');
  const minCount = input.min_count ?? 1;
  const maxCount = input.max_count ?? minCount;
  if (minCount > maxCount) throw badRequest('min_count must be <= max_count');
  const networkRequests = parseNetworks(c, input.networks);
  if (maxCount > 1 && networkRequests?.some((n) => n.portId || n.fixedIp)) {
    throw badRequest(
      'Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
    );
  }
  if (maxCount > 1 && boot.volumes.length > 0) {
    throw badRequest('Cannot attach one or more volumes to multiple instances');
  }
  const sgNames = [...new Set((input.security_groups ?? []).map((g) => g.name))];
  if (sgNames.length === 0) sgNames.push('default');

  const now = site.now();
  const reservationId = `r-${randomBytes(6).toString('base64url').toLowerCase().slice(0, 8)}`;
  const adminPass = input.adminPass ?? password();

  const created = site.store.transaction(() =>
    withCreateErrors(() => {
      const sgIds = sgNames.map((name) => {
        if (name === 'default') return ensureDefaultSecurityGroup(site, auth.projectId).id;
        const group = findSecurityGroup(site, auth.projectId, name);
        if (!group)
          throw badRequest(`Security group ${name} not found for project ${auth.projectId}.`);
        return group.id;
      });
      const networks = networkRequests ?? autoNetwork(site, auth.projectId);
      const count = instancesAllowed(site, auth.projectId, flavor, minCount, maxCount);
      const servers: ServerRecord[] = [];
      for (let index = 0; index < count; index += 1) {
        const id = uuid();
        const name = count > 1 ? `${input.name.trim()}-${index + 1}` : input.name.trim();
        const ports: ServerPort[] = networks.map((n) =>
          createServerPort(site, {
            projectId: auth.projectId,
            deviceId: id,
            securityGroupIds: sgIds,
            ...(n.networkId !== undefined ? { networkId: n.networkId } : {}),
            ...(n.portId !== undefined ? { portId: n.portId } : {}),
            ...(n.fixedIp !== undefined ? { fixedIp: n.fixedIp } : {}),
          }),
        );
        const server = newServer(site, {
          id,
          name,
          input,
          auth,
          flavor,
          now,
          reservationId,
          index,
          keyData,
          configDrive,
          ports,
          imageId: boot.imageId,
          securityGroups: ports.length > 0 ? sgNames : [],
          hostname: sanitizeHostname(input.hostname ?? name),
        });
        site.store.insert(SERVER_KIND, id, auth.projectId, server, now);
        for (const volume of boot.volumes) {
          attachVolume(site, {
            projectId: auth.projectId,
            volumeId: volume.id,
            serverId: id,
            device: volume.device,
          });
          server.volumeFlags[volume.id] = volume.deleteOnTermination;
        }
        if (boot.volumes.length > 0) site.store.put(SERVER_KIND, id, server, now);
        servers.push(server);
      }
      return servers;
    }),
  );

  if (toBool(input.return_reservation_id, 'Invalid return_reservation_id provided.')) {
    return c.json({ reservation_id: reservationId }, 202);
  }
  const first = created[0]!;
  c.header('Location', selfHref(site, c, `/servers/${first.id}`));
  return c.json(
    {
      server: {
        id: first.id,
        links: links(site, c, `/servers/${first.id}`),
        'OS-DCF:diskConfig': first.diskConfig,
        security_groups: sgNames.map((name) => ({ name })),
        adminPass,
      },
    },
    202,
  );
}

function checkVersionedFields(c: ComputeContext, input: CreateInput): void {
  const drop = (field: string, since: number) => {
    if (field in input && !atLeast(c, since)) {
      throw badRequest(
        `Invalid input for field/attribute server. Value: ${field}. Additional properties are not allowed ('${field}' was unexpected)`,
      );
    }
  };
  drop('description', 19);
  drop('tags', 52);
  drop('hostname', 90);
  // 2.37 made `networks` mandatory and introduced "auto" / "none".
  if (atLeast(c, 37) && input.networks === undefined) {
    throw badRequest(
      `Invalid input for field/attribute server. Value: ${JSON.stringify(input)}. 'networks' is a required property`,
    );
  }
  if (!atLeast(c, 37) && typeof input.networks === 'string')
    throw badRequest('Bad networks format');
}

interface BootSource {
  imageId: string | null;
  volumes: { id: string; device: string; deleteOnTermination: boolean }[];
}

/**
 * imageRef boots from an image; a block_device_mapping_v2 entry with boot_index 0 and a volume
 * source boots from that volume (the server then shows `image: ""`).
 */
function resolveBootSource(
  site: SiteContext,
  auth: AuthContext,
  input: CreateInput,
  flavor: FlavorRecord,
): BootSource {
  const volumes: BootSource['volumes'] = [];
  let bootFromVolume = false;
  let imageRef = input.imageRef ? lastSegment(input.imageRef) : undefined;
  const letters = 'bcdefghijklmnopqrstuvwxyz';
  for (const bdm of input.block_device_mapping_v2 ?? []) {
    const isBoot =
      bdm.boot_index !== undefined && bdm.boot_index !== null && Number(bdm.boot_index) === 0;
    if (bdm.source_type === 'volume') {
      if (!bdm.uuid) throw badRequest('Block Device Mapping is Invalid: Missing volume uuid.');
      volumes.push({
        id: bdm.uuid,
        device:
          bdm.device_name ?? (isBoot ? '/dev/vda' : `/dev/vd${letters[volumes.length] ?? 'z'}`),
        deleteOnTermination: bdm.delete_on_termination ?? false,
      });
      if (isBoot) bootFromVolume = true;
    } else if (bdm.source_type === 'image' && isBoot && !imageRef) {
      // Image-to-volume boots are modelled as image boots: the sandbox has no volume to create.
      imageRef = bdm.uuid;
    }
  }
  if (bootFromVolume) return { imageId: null, volumes };
  if (!imageRef) {
    throw badRequest(
      'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
    );
  }
  const image = findImageForProject(site, auth.projectId, imageRef);
  if (!image) throw badRequest(`Image ${imageRef} could not be found.`);
  if (image.status !== 'active') throw badRequest(`Image ${imageRef} is not active.`);
  if (flavor.ram < image.minRam)
    throw badRequest("Flavor's memory is too small for requested image.");
  const gib = 1024 ** 3;
  if (flavor.disk > 0 && flavor.disk < image.minDisk) {
    throw badRequest(
      `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${flavor.disk * gib} bytes, minimum size is ${image.minDisk * gib} bytes.`,
    );
  }
  if (flavor.disk > 0 && image.size !== null && image.size > flavor.disk * gib) {
    throw badRequest(
      `Flavor's disk is too small for requested image. Flavor disk is ${flavor.disk * gib} bytes, image is ${image.size} bytes.`,
    );
  }
  return { imageId: image.id, volumes };
}

function parseNetworks(
  c: ComputeContext,
  networks: CreateInput['networks'],
): NetworkRequest[] | undefined {
  if (networks === undefined || networks === 'auto') return undefined;
  if (networks === 'none') return [];
  return networks.map((n) => {
    if (n.port) return { portId: n.port };
    if (!n.uuid) throw badRequest('Bad networks format: network uuid is not in proper format ()');
    if (!UUID.test(n.uuid) && atLeast(c, 37)) {
      throw badRequest(
        `Invalid input for field/attribute uuid. Value: ${n.uuid}. '${n.uuid}' is not a 'uuid'`,
      );
    }
    return { networkId: n.uuid, ...(n.fixed_ip ? { fixedIp: n.fixed_ip } : {}) };
  });
}

/**
 * No networks requested: like nova's neutron API, use the one network the project can see;
 * several → 409 NetworkAmbiguous; none → boot without a NIC.
 */
function autoNetwork(site: SiteContext, projectId: string): NetworkRequest[] {
  const nets = visibleNetworks(site, projectId);
  const own = nets.filter((n) => !n.external);
  if (own.length > 1)
    throw conflict('Multiple possible networks found, use a Network ID to be more specific.');
  const only = own[0];
  return only ? [{ networkId: only.id }] : [];
}

/**
 * Quota check as nova/compute/api.py _check_num_instances_quota: as many instances as fit up to
 * max_count, at least min_count, else 403 TooManyInstances with nova/compute/utils.py
 * get_over_quota_detail's wording ("Quota exceeded for cores: Requested 8, but already used
 * 20 of 20 cores"). Runs inside the create transaction, so two creates cannot both pass.
 */
function instancesAllowed(
  site: SiteContext,
  projectId: string,
  flavor: FlavorRecord,
  minCount: number,
  maxCount: number,
): number {
  const quotas = projectQuotas(site, projectId);
  const used = serverUsage(site, projectId);
  const per = { cores: flavor.vcpus, instances: 1, ram: flavor.ram } as const;
  let allowed = maxCount;
  const overs: ('cores' | 'instances' | 'ram')[] = [];
  for (const resource of ['cores', 'instances', 'ram'] as const) {
    const limit = quotas[resource];
    if (limit < 0) continue;
    const fits =
      per[resource] === 0 ? maxCount : Math.floor((limit - used[resource]) / per[resource]);
    if (fits < maxCount) overs.push(resource);
    allowed = Math.min(allowed, Math.max(fits, 0));
  }
  if (allowed >= minCount) return allowed;
  const requested = {
    instances: minCount === maxCount ? String(minCount) : `${minCount}-${maxCount}`,
    cores: String(maxCount * flavor.vcpus),
    ram: String(maxCount * flavor.ram),
  };
  const join = (f: (r: 'cores' | 'instances' | 'ram') => string) => overs.map(f).join(', ');
  throw forbidden(
    `Quota exceeded for ${overs.join(', ')}: Requested ${join((r) => requested[r])}, but already used ${join((r) => String(used[r]))} of ${join((r) => String(quotas[r]))} ${overs.join(', ')}`,
  );
}

/** Other services' 404s during create are bad requests in Nova (NetworkNotFound, PortNotFound ...). */
function withCreateErrors<R>(fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ServiceError && err.status === 404) throw new NovaError(400, err.message);
    throw err;
  }
}

function newServer(
  site: SiteContext,
  a: {
    id: string;
    name: string;
    input: CreateInput;
    auth: AuthContext;
    flavor: FlavorRecord;
    now: Date;
    reservationId: string;
    index: number;
    keyData: string | null;
    configDrive: boolean;
    ports: ServerPort[];
    imageId: string | null;
    securityGroups: string[];
    hostname: string;
  },
): ServerRecord {
  const created = a.now.toISOString();
  const hostNumber = (parseInt(a.id.slice(0, 8), 16) % 4) + 1;
  const instanceNumber = site.store.count(SERVER_KIND) + 1;
  return {
    id: a.id,
    name: a.name,
    projectId: a.auth.projectId,
    userId: a.auth.userId,
    imageId: a.imageId,
    flavor: {
      id: a.flavor.id,
      name: a.flavor.name,
      vcpus: a.flavor.vcpus,
      ram: a.flavor.ram,
      disk: a.flavor.disk,
      ephemeral: a.flavor.ephemeral,
      swap: a.flavor.swap,
      extraSpecs: { ...a.flavor.extraSpecs },
    },
    vmState: 'building',
    taskState: 'scheduling',
    powerState: POWER.NOSTATE,
    buildOutcome: site.faults.failBuilds ? 'error' : 'active',
    readyAt: new Date(a.now.getTime() + site.spec.buildDelayMs).toISOString(),
    createdAt: created,
    updatedAt: created,
    launchedAt: null,
    terminatedAt: null,
    metadata: { ...a.input.metadata },
    keyName: a.input.key_name ?? null,
    keyData: a.keyData,
    securityGroups: a.securityGroups,
    availabilityZone: 'nova',
    configDrive: a.configDrive,
    description: a.input.description ?? null,
    tags: a.input.tags ?? [],
    locked: false,
    lockedReason: null,
    userData: a.input.user_data ?? null,
    accessIPv4: a.input.accessIPv4 ?? '',
    accessIPv6: a.input.accessIPv6 ?? '',
    diskConfig: a.input['OS-DCF:diskConfig'] ?? 'MANUAL',
    host: `compute-${String(hostNumber).padStart(2, '0')}`,
    hostname: a.hostname,
    instanceName: `instance-${instanceNumber.toString(16).padStart(8, '0')}`,
    reservationId: a.reservationId,
    launchIndex: a.index,
    rootDeviceName: '/dev/vda',
    fault: null,
    ports: a.ports,
    volumeFlags: {},
  };
}
