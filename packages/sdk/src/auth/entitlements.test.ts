import { describe, expect, it } from 'vitest';
import { vosFromEntitlements } from './entitlements.js';

const member = (group: string) => `urn:mace:egi.eu:group:${group}:role=member#aai.egi.eu`;

describe('vosFromEntitlements', () => {
  it('takes the VO of member entitlements, sorted', () => {
    expect(vosFromEntitlements([member('vo.access.egi.eu'), member('training.egi.eu')])).toEqual([
      'training.egi.eu',
      'vo.access.egi.eu',
    ]);
  });

  it('collapses subgroups into their VO (fedcloudclient issue #1) and removes duplicates', () => {
    expect(
      vosFromEntitlements([
        member('fedcloud.egi.eu:ops'),
        member('fedcloud.egi.eu:ops:deep'),
        member('fedcloud.egi.eu'),
      ]),
    ).toEqual(['fedcloud.egi.eu']);
  });

  it('ignores roles other than member', () => {
    expect(
      vosFromEntitlements([
        'urn:mace:egi.eu:group:training.egi.eu:role=vm_operator#aai.egi.eu',
        'urn:mace:egi.eu:group:training.egi.eu:role=manager#aai.egi.eu',
      ]),
    ).toEqual([]);
  });

  it('ignores other namespaces and authorities', () => {
    expect(
      vosFromEntitlements([
        'urn:geant:eduteams.org:service:eduteams:group:x:role=member#eduteams.org',
        'urn:mace:egi.eu:group:vo.x.eu:role=member#other.example',
        'xurn:mace:egi.eu:group:vo.y.eu:role=member#aai.egi.eu',
        '',
      ]),
    ).toEqual([]);
  });

  it('returns nothing for no entitlements', () => {
    expect(vosFromEntitlements([])).toEqual([]);
  });
});
