import type { SiteConfig } from '@fedcloud/sdk';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cloudName, cloudsFor } from './save-config.js';
import { siteYaml } from './site-yaml.js';

const site: SiteConfig = {
  name: 'SANDBOX-ALPHA',
  endpoint: 'https://127.0.0.1:5000/v3/',
  protocol: 'openid',
  region: 'RegionOne',
  vos: [{ name: 'vo.access.egi.eu', projectId: 'p1', extra: { defaultNetwork: 'net' } }],
  source: '/x/SANDBOX-ALPHA.yaml',
};

describe('clouds.yaml', () => {
  it('names clouds <site>-<vo> in lower case', () => {
    expect(cloudName('SANDBOX-ALPHA', 'vo.access.egi.eu')).toBe('sandbox-alpha-vo.access.egi.eu');
  });

  it('writes v3oidcaccesstoken clouds without secrets', () => {
    expect(cloudsFor([site], { caFile: '/ca.pem' })).toEqual({
      'sandbox-alpha-vo.access.egi.eu': {
        auth_type: 'v3oidcaccesstoken',
        auth: {
          auth_url: 'https://127.0.0.1:5000/v3/',
          identity_provider: 'egi.eu',
          protocol: 'openid',
          project_id: 'p1',
        },
        region_name: 'RegionOne',
        interface: 'public',
        identity_api_version: 3,
        cacert: '/ca.pem',
      },
    });
  });
});

describe('site YAML', () => {
  it('round-trips to the fedcloud-catchall format', () => {
    expect(parse(siteYaml(site))).toEqual({
      gocdb: 'SANDBOX-ALPHA',
      endpoint: 'https://127.0.0.1:5000/v3/',
      protocol: 'openid',
      region: 'RegionOne',
      vos: [{ name: 'vo.access.egi.eu', auth: { project_id: 'p1' }, defaultNetwork: 'net' }],
    });
  });
});
