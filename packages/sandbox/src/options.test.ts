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

  it('refuses more than 1000 sites', () => {
    expect(sandboxOptionsSchema.safeParse({ dataDir: '/x', sites: 1001 }).success).toBe(false);
  });
});
