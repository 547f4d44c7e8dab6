import { describe, expect, it } from 'vitest';
import { openstackEnv } from './delegate.js';

describe('the python client environment', () => {
  it('drops inherited OS_* and carries the scoped token', () => {
    const env = openstackEnv(
      { PATH: '/bin', OS_TOKEN: 'stale', OS_USER_DOMAIN_NAME: 'Default', OS_CLOUD: 'x' },
      {
        auth: {
          token: 'tok',
          expiresAt: new Date(),
          catalog: [],
          projectId: 'p1',
          identityUrl: 'https://k/v3',
        },
        projectId: 'p1',
        site: { name: 'S', endpoint: 'https://k/v3/', protocol: 'openid', vos: [], source: 'x' },
      },
      '/ca.pem',
    );
    expect(env).toEqual({
      PATH: '/bin',
      OS_AUTH_TYPE: 'v3token',
      OS_TOKEN: 'tok',
      OS_AUTH_URL: 'https://k/v3',
      OS_PROJECT_ID: 'p1',
      OS_IDENTITY_API_VERSION: '3',
      OS_CACERT: '/ca.pem',
    });
  });
});
