import { createHash } from 'node:crypto';
import {
  getServer,
  getTenantUsage,
  listFloatingIps,
  serverPages,
  type Client,
  type Server,
  type ServerUsage,
} from '@fedcloud/openstack';
import {
  acceleratorOf,
  buildAcceleratorRecords,
  buildCloudRecord,
  type AcceleratorRecord,
  type CloudRecord,
  type FlavorFacts,
  type IpRecord,
  type ServerFacts,
} from '@fedcloud/sdk/accounting';
import { reasonOf } from '../errors.js';
import type { UserNames, RunCatalogue } from './catalogue.js';
import type { RecordType } from './config.js';
import type { AccountedProject } from './select-projects.js';

export interface Window {
  from: Date;
  to: Date;
}

export interface ExtractContext {
  siteName: string;
  serviceName: string;
  cloudType: string;
  /** Which records to build: cloud always; ip and accelerator when asked for. */
  recordTypes: ReadonlySet<RecordType>;
  catalogue: RunCatalogue;
  users: UserNames;
  warn: (line: string) => void;
  /** The clock of the IP records' MeasurementTime (cASO's `datetime.now()`); default the system's. */
  now?: () => Date;
  signal?: AbortSignal;
}

export interface ProjectRecords {
  cloud: CloudRecord[];
  ip: IpRecord[];
  accelerator: AcceleratorRecord[];
  /** Distinct servers read (listed, or named by the usage report). */
  servers: number;
}

/** cASO's nova extractor pages servers 200 at a time. */
const PAGE_SIZE = 200;

/**
 * One project's records for the window, the way cASO's nova extractor finds them
 * (caso/extract/openstack/nova.py `extract`):
 * 1. servers changed since the window's start (`changes-since`, so deleted ones too), a page at
 *    a time with Nova's marker;
 * 2. the project's usage report for the window (os-simple-tenant-usage): every server that ran in
 *    it, also those that did not change (a VM running for months); those the listing missed are
 *    read one by one;
 * 3. each server's record by cASO's rules (buildCloudRecord), its CPU count, memory and disk taken
 *    from the usage report when it names the server (the flavor may be gone);
 * plus the accelerator records of GPU flavors and the project's public IP counts.
 */
export async function extractProject(
  client: Client,
  project: AccountedProject,
  window: Window,
  context: ExtractContext,
): Promise<ProjectRecords> {
  const call = context.signal ? { signal: context.signal } : {};
  const usages = new Map<string, ServerUsage>();
  const usage = await getTenantUsage(
    client,
    project.id,
    { start: window.from, end: window.to },
    call,
  );
  for (const line of usage?.server_usages ?? []) usages.set(line.instance_id, line);

  const out: ProjectRecords = { cloud: [], ip: [], accelerator: [], servers: 0 };
  const seen = new Set<string>();
  const add = async (server: Server, endOverride?: string | null): Promise<void> => {
    seen.add(server.id);
    out.servers += 1;
    const facts = factsOf(server, project.id);
    if (!facts) {
      context.warn(`server ${server.id} has no creation time; left out`);
      return;
    }
    if (endOverride) facts.terminatedAt = endOverride;
    await recordsOf(client, project, facts, usages.get(server.id), window, context, out);
  };

  // cASO reads every page first, then handles the servers oldest first (sorted by `created`,
  // stably), then those only the usage report names, in its order: the records (cloud and
  // accelerator) come out in that order.
  const query = { 'changes-since': window.from.toISOString(), limit: PAGE_SIZE };
  const listed: Server[] = [];
  const listedIds = new Set<string>();
  for await (const page of serverPages(client, query, call).pages()) {
    for (const server of page) {
      if (listedIds.has(server.id)) continue;
      listedIds.add(server.id);
      listed.push(server);
    }
  }
  listed.sort((a, b) => cmp(a.created ?? '', b.created ?? ''));
  for (const server of listed) await add(server);

  for (const [id, line] of usages) {
    if (seen.has(id)) continue;
    let server: Server;
    try {
      server = await getServer(client, id, call);
    } catch (error) {
      context.signal?.throwIfAborted();
      // https://caso.readthedocs.io/en/stable/troubleshooting.html#cannot-find-vm-in-api
      context.warn(
        `project ${project.id}: server ${id} is in the usage report but Nova cannot show it (${reasonOf(error)}); left out`,
      );
      continue;
    }
    // cASO ends such a server when the usage report says it ended.
    await add(server, line.ended_at ?? undefined);
  }

  if (context.recordTypes.has('ip')) out.ip = await ipRecords(client, project, window, context);
  return out;
}

async function recordsOf(
  client: Client,
  project: AccountedProject,
  facts: ServerFacts,
  usage: ServerUsage | undefined,
  window: Window,
  context: ExtractContext,
  out: ProjectRecords,
): Promise<void> {
  const signal = context.signal;
  const [flavor, imageMpuri, userName] = await Promise.all([
    context.catalogue.flavor(client, facts.flavorId, signal),
    context.catalogue.imageMpuri(client, facts.imageId, signal),
    context.users.get(facts.userId, client, signal),
  ]);
  const sized = sizeFromUsage(flavor, usage);
  let record: CloudRecord | undefined;
  try {
    record = buildCloudRecord(facts, {
      siteName: context.siteName,
      computeService: context.serviceName,
      vo: project.vo,
      cloudType: context.cloudType,
      ...(userName ? { userName } : {}),
      ...(sized ? { flavor: sized } : {}),
      ...(imageMpuri ? { imageMpuri } : {}),
      extractFrom: window.from,
      extractTo: window.to,
    });
  } catch (error) {
    context.warn(`server ${facts.id}: ${reasonOf(error)}; left out`);
    return;
  }
  if (!record) return;
  out.cloud.push(record);
  if (context.recordTypes.has('accelerator') && flavor) {
    const accelerator = acceleratorOf(flavor.extraSpecs);
    if (accelerator)
      out.accelerator.push(
        ...buildAcceleratorRecords(record, accelerator, {
          extractFrom: window.from,
          extractTo: window.to,
        }),
      );
  }
}

/**
 * cASO's step 4.2: CPU count, memory and disk from the usage report when it has the server, as
 * the flavor may have been deleted or changed (`local_gb` is root plus ephemeral disk).
 */
function sizeFromUsage(
  flavor: FlavorFacts | undefined,
  usage: ServerUsage | undefined,
): FlavorFacts | undefined {
  if (!usage || usage.vcpus === undefined) return flavor;
  return {
    id: flavor?.id ?? '',
    vcpus: usage.vcpus,
    ram: usage.memory_mb ?? flavor?.ram ?? 0,
    disk: usage.local_gb ?? (flavor ? flavor.disk + flavor.ephemeral : 0),
    ephemeral: 0,
    extraSpecs: flavor?.extraSpecs ?? {},
  };
}

function factsOf(server: Server, projectId: string): ServerFacts | undefined {
  if (!server.created) return undefined;
  const image = typeof server.image === 'object' ? server.image.id : undefined;
  const facts: ServerFacts = {
    id: server.id,
    name: server.name ?? '',
    userId: server.user_id ?? '',
    projectId: server.tenant_id ?? projectId,
    status: server.status ?? 'UNKNOWN',
    created: server.created,
    updated: server.updated ?? server.created,
    launchedAt: server['OS-SRV-USG:launched_at'] ?? null,
    terminatedAt: server['OS-SRV-USG:terminated_at'] ?? null,
  };
  if (server.flavor?.id) facts.flavorId = server.flavor.id;
  if (image) facts.imageId = image;
  if (server.addresses) facts.addresses = server.addresses;
  return facts;
}

/**
 * cASO's neutron extractor: the project's floating IPs allocated by the end of the window, counted
 * per IP version, one record each (Neutron keeps no user on a floating IP, so none is named),
 * measured when Neutron is read. The record id is derived from what the record describes, so the
 * same measurement resent is recognisably the same record (cASO draws a random one).
 */
async function ipRecords(
  client: Client,
  project: AccountedProject,
  window: Window,
  context: ExtractContext,
): Promise<IpRecord[]> {
  let addresses;
  try {
    addresses = await listFloatingIps(client, {}, context.signal ? { signal: context.signal } : {});
  } catch (error) {
    context.signal?.throwIfAborted();
    context.warn(
      `project ${project.id}: floating IPs not read (${reasonOf(error)}); no IP records`,
    );
    return [];
  }
  const counts = { 4: 0, 6: 0 };
  for (const address of addresses) {
    if (address.project_id && address.project_id !== project.id) continue;
    if (!address.floating_ip_address) continue;
    if (address.created_at && Date.parse(address.created_at) > window.to.getTime()) continue;
    counts[address.floating_ip_address.includes(':') ? 6 : 4] += 1;
  }
  // cASO's neutron extractor stamps the records with the time it reads Neutron
  // (`_get_measure_time`: now), not with extract_to: they count what is allocated now.
  const measurementTime = Math.trunc((context.now ?? (() => new Date()))().getTime() / 1000);
  const records: IpRecord[] = [];
  for (const version of [4, 6] as const) {
    if (counts[version] === 0) continue;
    records.push({
      measurementTime,
      siteName: context.siteName,
      cloudComputeService: context.serviceName,
      cloudType: context.cloudType,
      uuid: recordUuid(context.siteName, project.id, version, measurementTime),
      localGroup: project.id,
      fqan: project.vo,
      ipVersion: version,
      ipCount: counts[version],
    });
  }
  return records;
}

/**
 * A name-based UUID of RFC 9562's version 8 (the hash is SHA-256, so not version 5): version and
 * variant bits set, so it passes the checks a UUID parser makes (cASO's is a random version 4).
 */
function recordUuid(...parts: (string | number)[]): string {
  const bytes = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
