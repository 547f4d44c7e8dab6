import { createTestSite, type TestSite } from '../testing/test-site.js';

/** Test helpers shared by the compute tests (not part of the build output's API). */
export interface ComputeHarness extends TestSite {
  nova(
    method: string,
    path: string,
    options?: {
      token?: string;
      body?: unknown;
      version?: string;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  member: string;
  admin: string;
  /** Moves the site clock forward. */
  advance(ms: number): void;
}

export function computeHarness(
  overrides: Parameters<typeof createTestSite>[0] = {},
): ComputeHarness {
  const t = createTestSite(overrides);
  let offset = 0;
  t.site.now = () => new Date(Date.now() + offset);
  const member = t.memberToken();
  const admin = t.adminToken();
  return {
    ...t,
    member,
    admin,
    advance(ms) {
      offset += ms;
    },
    nova(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.version) headers['OpenStack-API-Version'] = `compute ${options.version}`;
      return t.call(method, `/compute/v2.1${path}`, {
        token: options.token ?? member,
        body: options.body,
        headers,
      });
    },
  };
}
