import { fanOut, listSiteProjects, type SiteConfig } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { OidcFlags, SiteFlags } from '../../options.js';
import type { Cell } from '../../render/simple-table.js';
import { pythonRepr, renderSimpleTable } from '../../render/simple-table.js';
import { renderJson, writeErr, writeOut } from '../../render/write.js';
import { PartialFailure } from '../../command-args.js';
import { resolveSites, sessionOptions, type Runtime } from '../../runtime.js';

interface ProjectRow {
  id: string;
  name: string;
  enabled: boolean;
  site: string;
  /** The VO whose project this is, per the site file (`endpoint vos`). */
  vo?: string;
}

export interface SiteFailure {
  site: string;
  reason: string;
}

export interface ProjectsResult {
  projects: ProjectRow[];
  failures: SiteFailure[];
}

/** Keystone's project list at each site, in parallel; a failing site does not stop the others. */
export async function listProjects(
  runtime: Runtime,
  flags: SiteFlags & OidcFlags,
): Promise<ProjectsResult> {
  const sites = await resolveSites(runtime, flags);
  const { cache: _cache, ...options } = sessionOptions(runtime, flags);
  // One token for every site: asked for before the fan-out, so a missing token fails once.
  await options.tokens.getAccessToken();
  const results = await fanOut(
    sites,
    (site: SiteConfig, signal) => listSiteProjects(site, { ...options, signal }),
    { concurrency: runtime.concurrency, timeoutMs: runtime.timeoutMs },
  );
  const projects: ProjectRow[] = [];
  const failures: SiteFailure[] = [];
  for (const result of results) {
    if (result.ok) {
      for (const p of result.value ?? []) {
        const vo = result.key.vos.find((v) => v.projectId === p.id)?.name;
        projects.push({
          id: p.id,
          name: p.name,
          enabled: p.enabled ?? true,
          site: result.key.name,
          ...(vo ? { vo } : {}),
        });
      }
    } else {
      failures.push({ site: result.key.name, reason: result.error?.message ?? 'unknown error' });
    }
  }
  // A single named site that fails is an error of the command, not a warning.
  if (sites.length === 1 && results[0] && !results[0].ok && results[0].error)
    throw results[0].error;
  return { projects, failures };
}

/** fedcloudclient's `[WARN] Sites not available: [['SITE', 'reason']]`, on stderr. */
export function reportFailures(ctx: Pick<CliContext, 'stderr'>, failures: SiteFailure[]): void {
  if (failures.length) {
    writeErr(
      ctx,
      `[WARN] Sites not available: ${pythonRepr(failures.map((f) => [f.site, f.reason]))}`,
    );
  }
}

export function renderProjects(
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  result: ProjectsResult,
  json: boolean,
): void {
  const rows = result.projects;
  if (json) {
    writeOut(
      ctx,
      renderJson(rows.map(({ id, name, enabled, site }) => ({ id, name, enabled, site }))),
    );
  } else if (rows.length) {
    const cells: Cell[][] = rows.map((p) => [p.id, p.name, p.enabled, p.site]);
    writeOut(ctx, renderSimpleTable(['id', 'Name', 'enabled', 'site'], cells));
  } else {
    writeErr(ctx, 'Error: You probably do not have access to any project at the site(s)');
    writeErr(ctx, 'Check your access token and VO memberships using "fedcloud token list-vos"');
  }
  reportFailures(ctx, result.failures);
  if (result.failures.length) throw new PartialFailure(result.failures.map((f) => f.site));
}
