/**
 * VO membership as fedcloudclient reads it from EGI Check-in's `eduperson_entitlement`
 * (fedcloudclient/checkin.py `_vo_pattern`, applied with `re.search`): the first group segment is
 * the VO, any subgroups are collapsed into it, and only `role=member` counts.
 * The dots are unescaped in the original pattern too; kept for identical matching.
 */
const VO_PATTERN = /urn:mace:egi.eu:group:(.+?):(.+:)*role=member#aai.egi.eu/;

export function vosFromEntitlements(entitlements: readonly unknown[]): string[] {
  const vos = new Set<string>();
  for (const entitlement of entitlements) {
    if (typeof entitlement !== 'string') continue;
    const vo = VO_PATTERN.exec(entitlement)?.[1];
    if (vo) vos.add(vo);
  }
  return [...vos].sort();
}
