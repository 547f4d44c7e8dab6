/**
 * fedcloudclient's VO_PATTERN (checkin.py@1.4.4, applied with Python's `re.match`, so anchored at
 * the start only). The first group is the VO; `(.+:)*` swallows subgroups (issue #1), so
 * `…:group:fedcloud.egi.eu:ops:role=member#…` counts for fedcloud.egi.eu; roles other than
 * `member` never match. Dots are escaped here, where the Python pattern let them match any character.
 */
const VO_PATTERN = /^urn:mace:egi\.eu:group:(.+?):(.+:)*role=member#aai\.egi\.eu/;

/** VOs the entitlements make the user a member of; sorted, without duplicates. */
export function vosFromEntitlements(entitlements: readonly string[]): string[] {
  const vos = new Set<string>();
  for (const entitlement of entitlements) {
    const vo = VO_PATTERN.exec(entitlement)?.[1];
    if (vo) vos.add(vo);
  }
  return [...vos].sort();
}
