import type { AuthContext } from '../keystone/auth.js';
import type { FlavorSeed } from '../site/spec.js';

/** One flavor as Nova's `flavors` table holds it (swap in MB, 0 for none). */
export interface FlavorRecord extends FlavorSeed {
  swap: number;
  rxtxFactor: number;
  isPublic: boolean;
  disabled: boolean;
  description: string | null;
  /** Projects given access to a private flavor (os-flavor-access). */
  projects: string[];
}

/** Whether the caller may see the flavor: admins see all, others public ones and those shared with them. */
export function flavorVisible(flavor: FlavorRecord, auth: AuthContext): boolean {
  return auth.isAdmin || flavor.isPublic || flavor.projects.includes(auth.projectId);
}

/** The sort keys of GET /flavors, with what each sorts by. */
export const FLAVOR_SORT_KEYS: Record<string, (f: FlavorRecord) => string | number> = {
  flavorid: (f) => f.id,
  id: (f) => f.id,
  name: (f) => f.name,
  memory_mb: (f) => f.ram,
  root_gb: (f) => f.disk,
  vcpus: (f) => f.vcpus,
  ephemeral_gb: (f) => f.ephemeral,
  swap: (f) => f.swap,
  rxtx_factor: (f) => f.rxtxFactor,
  description: (f) => f.description ?? '',
  disabled: (f) => Number(f.disabled),
  is_public: (f) => Number(f.isPublic),
};
