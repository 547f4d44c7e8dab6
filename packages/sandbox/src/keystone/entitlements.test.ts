import { describe, expect, it } from 'vitest';
import { vosFromEntitlements } from './entitlements.js';

describe('vosFromEntitlements', () => {
  it('reads member VOs, collapses subgroups and ignores other roles', () => {
    expect(
      vosFromEntitlements([
        'urn:mace:egi.eu:group:vo.access.egi.eu:role=member#aai.egi.eu',
        'urn:mace:egi.eu:group:training.egi.eu:compute:gpu:role=member#aai.egi.eu',
        'urn:mace:egi.eu:group:fedcloud.egi.eu:role=vm_operator#aai.egi.eu',
        'urn:mace:egi.eu:group:vo.access.egi.eu:role=vm_operator#aai.egi.eu',
        'urn:geant:example.org:group:other:role=member#example.org',
        42,
      ]),
    ).toEqual(['training.egi.eu', 'vo.access.egi.eu']);
  });

  it('returns nothing for no entitlements', () => {
    expect(vosFromEntitlements([])).toEqual([]);
  });
});
