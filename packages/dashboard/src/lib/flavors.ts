import type { SiteFlavor } from '@fedcloud/hub/api-types';

/** One bar pair per distinct flavor (flavors repeat for every VO that sees them), smallest first. */
export function distinctFlavors(flavors: readonly SiteFlavor[]): SiteFlavor[] {
  const byId = new Map<string, SiteFlavor>();
  for (const flavor of flavors) if (!byId.has(flavor.id)) byId.set(flavor.id, flavor);
  return [...byId.values()].sort(
    (a, b) => a.cpu - b.cpu || a.ramMb - b.ramMb || a.name.localeCompare(b.name),
  );
}
