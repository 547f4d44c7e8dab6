import {
  getProject,
  isOpenStackError,
  listProjects,
  type IdentityProject,
} from '@fedcloud/openstack';
import { reasonOf } from '../errors.js';
import type { AccountingConfig } from './config.js';
import { identity, type SiteAccess } from './keystone-access.js';

export interface AccountedProject {
  id: string;
  name?: string;
  /** The VO (its FQAN) from the project's property. */
  vo: string;
}

export interface ProjectSelection {
  projects: AccountedProject[];
  /** Projects named or tagged whose VO could not be found: not accounted, marks left alone. */
  skipped: { id: string; reason: string }[];
}

/**
 * cASO's project selection (caso/extract/manager.py): the configured `projects` plus every project
 * tagged `caso_tag`, each mapped to its VO by the project property `vo_property`. Listing tagged
 * projects needs a system-scoped token; without one only the list is used (cASO warns alike).
 * A project's own properties are read with the system token, else with a token scoped to it.
 */
export async function selectProjects(
  config: Pick<AccountingConfig, 'projects' | 'casoTag' | 'voProperty'>,
  access: SiteAccess,
  warn: (line: string) => void,
  signal?: AbortSignal,
): Promise<ProjectSelection> {
  const call = signal ? { signal } : {};
  const known = new Map<string, IdentityProject>();
  if (config.casoTag) {
    const system = await access.system();
    if (!system) {
      warn(
        `projects tagged "${config.casoTag}" not listed: no system-scoped token (${access.systemProblem ?? 'unknown reason'}); only the configured projects are accounted`,
      );
    } else {
      try {
        const tagged = await listProjects(access.transport, system, {
          tags: [config.casoTag],
          ...call,
        });
        for (const project of tagged) {
          known.set(project.id, project);
        }
      } catch (error) {
        signal?.throwIfAborted();
        warn(`projects tagged "${config.casoTag}" not listed: ${reasonOf(error)}`);
      }
    }
  }
  const ids = [...new Set([...config.projects, ...known.keys()])].sort();
  const selection: ProjectSelection = { projects: [], skipped: [] };
  for (const id of ids) {
    let project = known.get(id);
    try {
      project ??= await readProject(access, id, signal);
    } catch (error) {
      signal?.throwIfAborted();
      selection.skipped.push({ id, reason: `cannot read the project: ${reasonOf(error)}` });
      continue;
    }
    const vo = project[config.voProperty];
    if (typeof vo !== 'string' || vo.trim() === '') {
      selection.skipped.push({
        id,
        reason: `no VO: the project has no property "${config.voProperty}" (openstack project set --property ${config.voProperty}=<VO> ${id})`,
      });
      continue;
    }
    selection.projects.push({ id, ...(project.name ? { name: project.name } : {}), vo: vo.trim() });
  }
  return selection;
}

async function readProject(
  access: SiteAccess,
  id: string,
  signal?: AbortSignal,
): Promise<IdentityProject> {
  const call = signal ? { signal } : {};
  const system = await access.system();
  if (system) {
    try {
      return await getProject(access.transport, system, id, call);
    } catch (error) {
      // cASO: "we may need scoping here, retrying" with the project's own token.
      if (!isOpenStackError(error) || (error.status !== 403 && error.status !== 404)) throw error;
    }
  }
  const client = await access.project(id);
  return getProject(client.transport, identity(client.auth), id, call);
}
