import { fanOut, FedcloudError, openSiteSession, type SiteSession } from '@fedcloud/sdk';
import { stringify } from 'yaml';
import { EXIT_PARTIAL_FAILURE } from '@fedcloud/sdk/exit-codes';
import { isAllSites, type OidcFlags, type SiteFlags } from '../../options.js';
import { resolveSites, sessionOptions, type Runtime } from '../../runtime.js';
import { defaultDisplay, jsonResult } from '../openstack/osc/format.js';
import { flavorRows, imageRows, networkRows } from '../openstack/osc/resources.js';
import { withHttpContext } from '../../render/openstack-error.js';
import { gpuCount, matches, parseSpecs } from './filter.js';

export type SelectKind = 'flavor' | 'image' | 'network';
type SelectFormat = 'first' | 'list' | 'YAML' | 'JSON';

export interface SelectFlags extends OidcFlags, SiteFlags {
  vo?: string;
  flavorSpecs?: string[];
  imageSpecs?: string[];
  networkSpecs?: string;
  vcpus?: string;
  RAM?: string;
  ram?: string;
  gpus?: string;
  outputFormat?: string;
}

type Row = Record<string, unknown>;

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);

/** fedcloudclient's order: fewer GPUs, then VCPUs, RAM, Disk, Ephemeral first. */
function sortFlavors(rows: Row[]): Row[] {
  const key = (r: Row) => [
    gpuCount(r.Properties as Record<string, unknown> | undefined),
    num(r.VCPUs),
    num(r.RAM),
    num(r.Disk),
    num(r.Ephemeral),
  ];
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d) return d;
    }
    return 0;
  });
}

/** Networks the project may use: public (external) first, then shared, then its own. */
function filterNetworks(rows: Row[], spec: string, projectId: string): Row[] {
  const usable = rows.filter((n) => n.Shared === true || n.Project === projectId);
  const chosen = usable.filter((n) =>
    spec === 'private' ? !n['Router Type'] : spec === 'public' ? Boolean(n['Router Type']) : true,
  );
  const rank = (n: Row) => (n['Router Type'] ? 2 : 0) + (n.Shared ? 1 : 0);
  return [...chosen].sort((a, b) => rank(b) - rank(a));
}

function validateNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n < 0) {
    throw new FedcloudError('USAGE', `${flag} must be a number ≥ 0, not "${value}"`);
  }
  return n;
}

async function selectAtSite(
  kind: SelectKind,
  flags: SelectFlags,
  session: SiteSession,
  signal: AbortSignal,
): Promise<Row[]> {
  const { client } = session;
  const display = defaultDisplay('json');
  if (kind === 'flavor') {
    const filter = parseSpecs(flags.flavorSpecs ?? []);
    const vcpus = validateNumber(flags.vcpus, '--vcpus');
    const ram = validateNumber(flags.RAM ?? flags.ram, '--RAM');
    const gpus = validateNumber(flags.gpus, '--gpus');
    const rows = jsonResult(await flavorRows(client, true, signal), display) as Row[];
    return sortFlavors(
      rows.filter(
        (r) =>
          (!filter || matches(filter, r)) &&
          (vcpus === undefined || num(r.VCPUs) === vcpus) &&
          (ram === undefined || num(r.RAM) === ram) &&
          (gpus === undefined ||
            gpuCount(r.Properties as Record<string, unknown> | undefined) === gpus),
      ),
    );
  }
  if (kind === 'image') {
    const filter = parseSpecs(flags.imageSpecs ?? []);
    const rows = jsonResult(
      await imageRows(client, { long: true, sort: 'created_at:desc', signal }),
      display,
    ) as Row[];
    return filter ? rows.filter((r) => matches(filter, r)) : rows;
  }
  const rows = jsonResult(await networkRows(client, true, signal), display) as Row[];
  return filterNetworks(rows, flags.networkSpecs ?? 'default', session.projectId);
}

/** `fedcloud select flavor|image|network`: returns the exit code. */
export async function runSelect(
  runtime: Runtime,
  kind: SelectKind,
  flags: SelectFlags,
): Promise<number> {
  const vo = flags.vo;
  if (!vo) throw new FedcloudError('USAGE', 'Missing option --vo (or EGI_VO)');
  const format = (flags.outputFormat ?? 'JSON') as SelectFormat;
  if (!['first', 'list', 'YAML', 'JSON'].includes(format)) {
    throw new FedcloudError(
      'USAGE',
      `--output-format must be first, list, YAML or JSON, not "${format}"`,
    );
  }
  // Malformed specs fail before any network call.
  parseSpecs(flags.flavorSpecs ?? []);
  parseSpecs(flags.imageSpecs ?? []);
  if (flags.networkSpecs && !['default', 'public', 'private'].includes(flags.networkSpecs)) {
    throw new FedcloudError('USAGE', '--network-specs must be default, public or private');
  }
  const all = isAllSites(flags);
  const sites = (await resolveSites(runtime, flags, all ? { vo } : {})).filter(
    (site) => all || site.vos.some((v) => v.name === vo) || fail(site.name, vo),
  );
  const results = await fanOut(
    sites,
    async (site, signal) => {
      const session = await openSiteSession(site, vo, {
        ...sessionOptions(runtime, flags),
        signal,
      });
      return selectAtSite(kind, flags, session, signal);
    },
    { concurrency: runtime.concurrency, timeoutMs: runtime.timeoutMs },
  );
  const { ctx } = runtime;
  const matched: Row[] = [];
  let failures = 0;
  for (const result of results) {
    if (!result.ok) {
      failures++;
      const error = withHttpContext(result.error);
      if (!all) throw error;
      ctx.stderr.write(`[WARN] ${result.key.name}: ${error.message}\n`);
      continue;
    }
    for (const row of result.value ?? [])
      matched.push(all ? { Site: result.key.name, ...row } : row);
  }
  if (!matched.length) {
    ctx.stderr.write('Error: No resource matched specification\n');
    return failures ? EXIT_PARTIAL_FAILURE : 1;
  }
  const label = (r: Row) => (all ? `${String(r.Site)} ${String(r.Name)}` : String(r.Name));
  if (format === 'first') {
    if (all) {
      const seen = new Set<unknown>();
      for (const r of matched) {
        if (seen.has(r.Site)) continue;
        seen.add(r.Site);
        ctx.stdout.write(`${label(r)}\n`);
      }
    } else ctx.stdout.write(`${label(matched[0] ?? {})}\n`);
  } else if (format === 'list') {
    ctx.stdout.write(matched.map((r) => `${label(r)}\n`).join(''));
  } else if (format === 'YAML') {
    ctx.stdout.write(stringify(matched));
  } else {
    ctx.stdout.write(`${JSON.stringify(matched, null, 4)}\n`);
  }
  return failures ? EXIT_PARTIAL_FAILURE : 0;
}

function fail(site: string, vo: string): never {
  throw new FedcloudError('VO_NOT_AT_SITE', `VO ${vo} not found on site ${site}`);
}
