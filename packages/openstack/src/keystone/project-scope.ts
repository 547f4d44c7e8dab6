import type { ProjectSelector } from './types.js';

/** The `scope` member of an auth request for a project. */
export function projectScope(project: ProjectSelector): { project: Record<string, unknown> } {
  if (typeof project === 'string') return { project: { id: project } };
  if ('id' in project) return { project: { id: project.id } };
  const domain = 'domainId' in project ? { id: project.domainId } : { name: project.domainName };
  return { project: { name: project.name, domain } };
}
