import { createServer } from 'node:net';
import type { Sandbox } from '../src/index.js';
import type { SandboxOptionsInput } from '../src/options.js';
import { type EphemeralSandbox, startEphemeralSandbox } from '../src/testing/ephemeral.js';

/** The shared ephemeral sandbox, with a BUILD phase long enough to observe. */
export function startTestSandbox(
  options: Partial<SandboxOptionsInput> = {},
): Promise<EphemeralSandbox> {
  return startEphemeralSandbox({ buildDelayMs: 200, ...options });
}

export interface KeystoneLogin {
  unscoped: string;
  projects: { id: string; name: string }[];
}

export async function federatedLogin(
  sandbox: Sandbox,
  identityUrl: string,
  accessToken: string,
  protocol = 'openid',
): Promise<Response> {
  return sandbox.fetch(
    `${identityUrl}/OS-FEDERATION/identity_providers/egi.eu/protocols/${protocol}/auth`,
    { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } },
  );
}

export async function scopedToken(
  sandbox: Sandbox,
  identityUrl: string,
  unscoped: string,
  projectId: string,
): Promise<Response> {
  return sandbox.fetch(`${identityUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['token'], token: { id: unscoped } },
        scope: { project: { id: projectId } },
      },
    }),
  });
}

/** A port free right now, for tests that must restart a server on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
