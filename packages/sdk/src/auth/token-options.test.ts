import { describe, expect, it } from 'vitest';
import { DEFAULT_MYTOKEN_SERVER, tokenOptionsFromEnv } from './token-options.js';

describe('tokenOptionsFromEnv', () => {
  it('reads every fedcloudclient variable', () => {
    expect(
      tokenOptionsFromEnv({
        OIDC_ACCESS_TOKEN: 'at',
        FEDCLOUD_MYTOKEN: 'mt',
        FEDCLOUD_MYTOKEN_SERVER: 'https://mytoken.example',
        OIDC_AGENT_ACCOUNT: 'egi',
        OIDC_SOCK: '/tmp/oidc-agent.sock',
        OIDC_REFRESH_TOKEN: 'rt',
        OIDC_CLIENT_ID: 'cid',
        OIDC_CLIENT_SECRET: 'cs',
        OIDC_URL: 'https://aai.egi.eu/auth/realms/egi',
      }),
    ).toEqual({
      accessToken: 'at',
      mytoken: 'mt',
      mytokenServer: 'https://mytoken.example',
      oidcAgentAccount: 'egi',
      oidcAgentSocket: '/tmp/oidc-agent.sock',
      refreshToken: 'rt',
      clientId: 'cid',
      clientSecret: 'cs',
      issuer: 'https://aai.egi.eu/auth/realms/egi',
    });
  });

  it('treats empty values as unset and defaults the mytoken server', () => {
    expect(
      tokenOptionsFromEnv({ OIDC_ACCESS_TOKEN: '', FEDCLOUD_MYTOKEN_SERVER: '', OIDC_SOCK: '  ' }),
    ).toEqual({ mytokenServer: DEFAULT_MYTOKEN_SERVER });
    expect(DEFAULT_MYTOKEN_SERVER).toBe('https://mytoken.data.kit.edu');
  });

  it('drops the newline a token pasted into a file often carries', () => {
    expect(tokenOptionsFromEnv({ OIDC_ACCESS_TOKEN: 'abc.def.ghi\n' }).accessToken).toBe(
      'abc.def.ghi',
    );
  });

  it('ignores unrelated variables', () => {
    expect(tokenOptionsFromEnv({ OS_TOKEN: 'x', HOME: '/home/me' })).toEqual({
      mytokenServer: DEFAULT_MYTOKEN_SERVER,
    });
  });
});
