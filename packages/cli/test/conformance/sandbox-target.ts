import { createClient, loginWithPassword } from '@fedcloud/openstack';
import { createTransport, type SiteConfig } from '@fedcloud/sdk';
import { SEEDED_USERS, subFor } from '@fedcloud/sandbox';
import { startEphemeralSandbox } from '@fedcloud/sandbox/testing';
import {
  CONFORMANCE_VOS,
  type ConformanceTarget,
  type ConformanceUser,
  type TargetProvider,
} from './target.js';

/** One emulated site of an ephemeral sandbox (its first site offers every VO). */
export function sandboxTarget(): TargetProvider {
  return {
    kind: 'sandbox',
    capabilities: { volumes: true },
    skipReason: undefined,
    async start(): Promise<ConformanceTarget> {
      const sandbox = await startEphemeralSandbox({ sites: 1 });
      try {
        const running = sandbox.sites[0];
        if (!running) throw new Error('the sandbox started no site');
        const spec = running.context.spec;
        const projects = Object.fromEntries(
          running.vos
            .filter((v) => (CONFORMANCE_VOS as readonly string[]).includes(v.vo))
            .map((v) => [v.vo, v.projectId]),
        );
        const caFile = sandbox.files.caFile;
        const transport = createTransport(caFile ? { caFile } : {});
        const site: SiteConfig = {
          name: running.name,
          endpoint: running.identityUrl,
          protocol: 'openid',
          region: spec.region,
          vos: Object.entries(projects).map(([name, projectId]) => ({
            name,
            projectId,
            extra: {},
          })),
          source: 'conformance sandbox target',
        };
        const adminAuth = () =>
          loginWithPassword(transport, {
            authUrl: running.identityUrl,
            username: 'admin',
            password: spec.adminPassword,
            projectName: 'admin',
          });
        return {
          kind: 'sandbox',
          capabilities: { volumes: true },
          siteName: running.name,
          identityUrl: running.identityUrl,
          identityProvider: spec.identityProvider,
          protocol: 'openid',
          issuerUrl: sandbox.issuerUrl,
          projects,
          transport,
          caFile,
          site,
          tokenFor: (user) => sandbox.tokenFor(user),
          signToken: (claims) => sandbox.issuer.signAccessTokenForTests(claims),
          subjectOf: (user) => subFor(user),
          entitlementsOf: (user) => entitlementsOf(user),
          admin: {
            client: async () =>
              createClient({ transport, auth: await adminAuth(), region: spec.region }),
            projectId: async () => spec.adminProjectId,
          },
          stop: () => sandbox.cleanup(),
        };
      } catch (error) {
        await sandbox.cleanup();
        throw error;
      }
    },
  };
}

export function entitlementsOf(user: ConformanceUser): string[] {
  return [...(SEEDED_USERS.find((u) => u.username === user)?.entitlements ?? [])];
}
