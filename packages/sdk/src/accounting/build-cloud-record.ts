import type { CloudRecord } from './cloud-record.js';
import { cloudStatusOf } from './nova-status.js';

/** What Nova says of a server (`GET /servers/detail`), reduced to what accounting reads. */
export interface ServerFacts {
  id: string;
  name: string;
  userId: string;
  projectId: string;
  status: string;
  /** ISO times as Nova gives them. */
  created: string;
  updated: string;
  launchedAt?: string | null;
  terminatedAt?: string | null;
  flavorId?: string;
  /** Absent (or empty) for a server booted from a volume. */
  imageId?: string;
  /** Addresses per network; a floating one counts as a public IP. */
  addresses?: Record<string, readonly { 'OS-EXT-IPS:type'?: string }[]>;
}

export interface FlavorFacts {
  id: string;
  ram: number;
  vcpus: number;
  disk: number;
  ephemeral: number;
  extraSpecs: Readonly<Record<string, string>>;
}

export interface RecordContext {
  siteName: string;
  computeService: string;
  /** The project's VO (its FQAN). */
  vo: string;
  cloudType: string;
  /** The Keystone user's name (GlobalUserName); absent when it could not be read. */
  userName?: string;
  flavor?: FlavorFacts;
  /** The image's `vmcatcher_event_ad_mpuri` when Glance has one: AppDB's id for the image. */
  imageMpuri?: string;
  extractFrom: Date;
  extractTo: Date;
}

const BENCHMARK_TYPE = 'accounting:benchmark_type';
const BENCHMARK_VALUE = 'accounting:benchmark_value';

/**
 * The cloud record cASO would send for a server in the window [extractFrom, extractTo], or
 * undefined when the server's life lies outside it. Durations are cumulative since the server was
 * created (not launched: that resets on resize); a server still running at extractTo is reported
 * `started` with its wall time up to then and no end, even when it ended later.
 */
export function buildCloudRecord(
  server: ServerFacts,
  context: RecordContext,
): CloudRecord | undefined {
  const start = parseTime(server.created);
  const end = serverEnd(server);
  const from = context.extractFrom.getTime();
  const to = context.extractTo.getTime();
  if (start > to || (end !== undefined && end < from)) return undefined;

  const flavor = context.flavor;
  const cpuCount = flavor?.vcpus ?? 0;
  let status: string = cloudStatusOf(server.status);
  let endTime = 0;
  let wall: number;
  let cpu: number | undefined;
  if (end === undefined || end > to) {
    wall = Math.trunc((to - start) / 1000);
    cpu = wall * cpuCount;
    if (status === 'completed') status = 'started';
  } else {
    wall = Math.trunc((end - start) / 1000);
    endTime = Math.trunc(end / 1000);
    cpu = cpuCount ? wall * cpuCount : undefined;
  }

  const record: CloudRecord = {
    vmUuid: server.id,
    siteName: context.siteName,
    cloudComputeService: context.computeService,
    machineName: asciiOnly(server.name),
    localUserId: asciiOnly(server.userId),
    localGroupId: server.projectId,
    fqan: context.vo,
    status,
    startTime: Math.trunc(start / 1000),
    endTime,
    // cASO imposes at least 1 s so that no VM reports no time at all.
    wallDuration: wall === 0 ? 1 : wall,
    cpuCount,
    publicIpCount: floatingIps(server),
    memory: flavor?.ram ?? 0,
    disk: flavor ? flavor.disk + flavor.ephemeral : 0,
    cloudType: context.cloudType,
  };
  if (cpu !== undefined) record.cpuDuration = cpu === 0 ? 1 : cpu;
  if (context.userName) record.globalUserName = asciiOnly(context.userName);
  const benchmarkType = flavor?.extraSpecs[BENCHMARK_TYPE];
  const benchmark = flavor?.extraSpecs[BENCHMARK_VALUE];
  if (benchmarkType) record.benchmarkType = benchmarkType;
  if (benchmark && Number.isFinite(Number(benchmark))) record.benchmark = Number(benchmark);
  if (server.imageId) record.imageId = context.imageMpuri ?? server.imageId;
  return record;
}

/** cASO's end: terminated_at; else created for a server never launched; else updated if DELETED. */
function serverEnd(server: ServerFacts): number | undefined {
  if (server.terminatedAt) return parseTime(server.terminatedAt);
  if (!server.launchedAt) return parseTime(server.created);
  if (server.status.toUpperCase() === 'DELETED') return parseTime(server.updated);
  return undefined;
}

/** Nova's times carry no zone (or `Z`): they are UTC. */
function parseTime(value: string): number {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) throw new Error(`not a time: ${value}`);
  return ms;
}

function floatingIps(server: ServerFacts): number {
  let count = 0;
  for (const addresses of Object.values(server.addresses ?? {})) {
    for (const address of addresses) if (address['OS-EXT-IPS:type'] === 'floating') count += 1;
  }
  return count;
}

/** SSM decodes messages as ASCII: cASO drops every other character. */
function asciiOnly(value: string): string {
  return value.replace(/[^\p{ASCII}]/gu, '');
}
