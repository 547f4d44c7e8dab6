import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAgentError } from '../errors.js';
import { resolveCredentials } from './credentials.js';

let dir: string;
let clouds: string;
const context = () => ({ cwd: dir, transport: {} });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcloud-agent-creds-'));
  clouds = join(dir, 'clouds.yaml');
  writeFileSync(
    clouds,
    [
      'clouds:',
      '  site-reader:',
      '    auth:',
      '      auth_url: https://keystone.example.org:5000/v3',
      '      username: fedcloud-agent',
      '      password: " from-clouds "',
      '      user_domain_name: Services',
      '    cacert: /etc/ssl/igtf.pem',
      '  site-oidc:',
      '    auth_type: v3oidcaccesstoken',
      '    auth:',
      '      access_token: eyJhbGciOiJub25lIn0.eyJleHAiOjk5OTk5OTk5OTl9.',
      '      identity_provider: egi.eu',
      '      protocol: oidc',
      '',
    ].join('\n'),
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveCredentials', () => {
  it('takes flags before OS_* variables', () => {
    const resolved = resolveCredentials(
      { osUsername: 'from-flag' },
      { OS_USERNAME: 'from-env', OS_PASSWORD: 'pw' },
      context(),
    );
    expect(resolved.keystone).toEqual({
      username: 'from-flag',
      password: 'pw',
      userDomainName: 'Default',
    });
    expect(resolved).not.toHaveProperty('authentication');
    expect(resolved.description).toBe('Keystone password login as from-flag (domain Default)');
  });

  it('reads a password entry and its CA bundle from clouds.yaml, keeping the password as written', () => {
    const resolved = resolveCredentials(
      { osCloud: 'site-reader' },
      { OS_CLIENT_CONFIG_FILE: clouds },
      context(),
    );
    expect(resolved.keystone).toEqual({
      username: 'fedcloud-agent',
      password: ' from-clouds ',
      userDomainName: 'Services',
    });
    expect(resolved.caFile).toBe('/etc/ssl/igtf.pem');
  });

  it('uses an OIDC token when the auth type says so, and publishes the auth type', () => {
    const resolved = resolveCredentials(
      { osCloud: 'site-oidc' },
      { OS_CLIENT_CONFIG_FILE: clouds, OS_AUTH_TYPE: 'v3oidcaccesstoken', OS_USERNAME: 'ignored' },
      context(),
    );
    expect('tokens' in resolved.keystone).toBe(true);
    expect(resolved.keystone).toMatchObject({ identityProvider: 'egi.eu', protocol: 'oidc' });
    expect(resolved.authentication).toBe('v3oidcaccesstoken');
  });

  it('falls back to OIDC_ACCESS_TOKEN without a user name', () => {
    const resolved = resolveCredentials({}, { OIDC_ACCESS_TOKEN: 'abc.def.ghi' }, context());
    expect(resolved.description).toBe('OIDC login (access-token) through identity provider egi.eu');
  });

  it('takes OS_ACCESS_TOKEN (or --os-access-token) as cloud-info-provider does', async () => {
    const token = 'eyJhbGciOiJub25lIn0.eyJleHAiOjk5OTk5OTk5OTl9.';
    for (const [flags, env] of [
      [{}, { OS_ACCESS_TOKEN: token, OS_AUTH_TYPE: 'v3oidcaccesstoken' }],
      [{ osAccessToken: token }, { OIDC_ACCESS_TOKEN: 'other.token.value' }],
    ] as const) {
      const resolved = resolveCredentials(flags, env, context());
      expect(resolved.authentication ?? 'none').toBe(
        'OS_AUTH_TYPE' in env ? 'v3oidcaccesstoken' : 'none',
      );
      const keystone = resolved.keystone as {
        tokens: { getAccessToken(o: object): Promise<string> };
      };
      await expect(keystone.tokens.getAccessToken({ minValidSeconds: 0 })).resolves.toBe(token);
    }
  });

  it('refuses when nothing identifies the agent', () => {
    let error: unknown;
    try {
      resolveCredentials({}, {}, context());
    } catch (e) {
      error = e;
    }
    expect(isAgentError(error) && error.code).toBe('CREDENTIALS_MISSING');
  });
});
