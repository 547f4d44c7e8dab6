import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { catchallDocument } from './files.js';
import type { SiteContext } from './site/context.js';
import { stableKeystoneId } from './site/ids.js';
import { seedSite } from './site-seed.js';
import type { SiteSpec, VoProject } from './site/spec.js';
import { projectName } from './site/specs.js';
import { type Db, getMeta, setMeta } from './store/db.js';

/** VOs added at run time, per site; re-applied at start so a restart keeps them. */
const META_KEY = 'sandbox.addedVos';

/** EGI VO names are DNS-like (`vo.access.egi.eu`, `training.egi.eu`). */
const VO_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$/i;

function voProjectFor(spec: SiteSpec, vo: string): VoProject {
  return {
    vo,
    projectId: stableKeystoneId(spec.name, 'project', vo),
    projectName: projectName(spec.index, vo),
  };
}

function addedVos(db: Db): Record<string, string[]> {
  const stored = getMeta(db, META_KEY);
  return stored ? (JSON.parse(stored) as Record<string, string[]>) : {};
}

/** Puts back the VOs added by earlier runs into the freshly built specs (before seeding). */
export function restoreAddedVos(db: Db, specs: SiteSpec[]): void {
  const added = addedVos(db);
  for (const spec of specs) {
    for (const vo of added[spec.name] ?? []) {
      if (!spec.vos.some((v) => v.vo === vo)) spec.vos.push(voProjectFor(spec, vo));
    }
  }
}

/**
 * What a site operator does to support a new VO: a project tagged with the VO (so federated
 * members can scope to it), its default quotas and network, the agent's reader role, and the
 * VO listed in the site's catch-all YAML. Seeding is idempotent, so re-running it for the whole
 * site adds exactly what the new VO needs.
 */
export async function addVoToSite(
  db: Db,
  site: { context: SiteContext; identityUrl: string },
  vo: string,
  sitesDir: string,
): Promise<VoProject> {
  const { spec } = site.context;
  if (!VO_NAME.test(vo)) {
    throw new Error(`invalid VO name ${JSON.stringify(vo)} (expected e.g. training.egi.eu)`);
  }
  if (spec.vos.some((v) => v.vo === vo)) {
    throw new Error(`${spec.name} already supports VO ${vo}`);
  }
  const project = voProjectFor(spec, vo);
  spec.vos.push(project);
  try {
    seedSite(site.context);
  } catch (error) {
    spec.vos.pop();
    throw error;
  }
  const added = addedVos(db);
  added[spec.name] = [...(added[spec.name] ?? []), vo];
  setMeta(db, META_KEY, JSON.stringify(added));
  await writeFile(
    join(sitesDir, `${spec.name}.yaml`),
    stringify(catchallDocument(spec, site.identityUrl)),
  );
  return project;
}
