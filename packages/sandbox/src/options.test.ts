import { describe, expect, it } from 'vitest';
import { describeOptionIssues, optionsFromEnv, sandboxOptionsSchema } from './options.js';

describe('sandbox options', () => {
  it('reads environment variables and applies the documented defaults', () => {
    const options = sandboxOptionsSchema.parse({
      dataDir: '/tmp/x',
      ...optionsFromEnv({ FEDCLOUD_SANDBOX_SITES: '30', FEDCLOUD_SANDBOX_HTTP: '1' }),
    });
    expect(options).toMatchObject({
      sites: 30,
      insecureHttp: true,
      issuerPort: 7443,
      sitesPort: 7501,
      host: '127.0.0.1',
    });
  });

  it('names the flag and the variable of a bad value', () => {
    const result = sandboxOptionsSchema.safeParse({
      dataDir: '/tmp/x',
      ...optionsFromEnv({ FEDCLOUD_SANDBOX_SITES: 'many' }),
    });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeOptionIssues(result.error)).toMatch(/^--sites \(FEDCLOUD_SANDBOX_SITES\): /);
  });

  it('gives the Vault and the mytoken server fixed ports, or free ones when the sites take free ones', () => {
    expect(sandboxOptionsSchema.parse({ dataDir: '/x' })).toMatchObject({
      vaultPort: 7445,
      mytokenPort: 7446,
    });
    expect(sandboxOptionsSchema.parse({ dataDir: '/x', sitesPort: 0 })).toMatchObject({
      vaultPort: 0,
      mytokenPort: 0,
    });
    expect(
      sandboxOptionsSchema.parse({
        dataDir: '/x',
        sitesPort: 0,
        ...optionsFromEnv({ FEDCLOUD_SANDBOX_VAULT_PORT: '8200' }),
      }),
    ).toMatchObject({ vaultPort: 8200, mytokenPort: 0 });
  });

  it('refuses more than 1000 sites', () => {
    expect(sandboxOptionsSchema.safeParse({ dataDir: '/x', sites: 1001 }).success).toBe(false);
  });
});
