import { it } from 'vitest';
import { realSiteTarget } from './real-site-target.js';
import { defineConformanceSuite } from './suite.js';

// The same suite against a real Keystone/Nova/Glance/Neutron site (tools/openstack-site/ci-up.sh).
// Without FEDCLOUD_REAL_SITE_* it is skipped with a message, unless FEDCLOUD_REQUIRE_REAL_SITE=1
// (CI), where a missing site fails the run.
const target = realSiteTarget();
if (target.skipReason !== undefined && process.env.FEDCLOUD_REQUIRE_REAL_SITE === '1') {
  it('a real OpenStack site is configured (FEDCLOUD_REQUIRE_REAL_SITE=1)', () => {
    throw new Error(target.skipReason);
  });
}
defineConformanceSuite(target);
