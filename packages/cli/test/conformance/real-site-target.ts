import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, loginWithPassword } from '@fedcloud/openstack';
import { startSandbox, subFor } from '@fedcloud/sandbox';
import { createTransport, type SiteConfig } from '@fedcloud/sdk';
import { z } from 'zod';
import { entitlementsOf } from './sandbox-target.js';
import type { ConformanceTarget, TargetProvider } from './target.js';

/**
 * What tools/openstack-site/ci-up.sh writes to $OS_SITE_DIR/fedcloud-real-site.env. The site's
 * Keystone trusts the sandbox issuer at 127.0.0.1:<ISSUER_PORT>, whose key lives in ISSUER_DIR.
 */
const realSiteEnv = z.object({
  FEDCLOUD_REAL_SITE_URL: z.url(),
  FEDCLOUD_REAL_SITE_NAME: z.string().min(1).default('REAL-OPENSTACK'),
  FEDCLOUD_REAL_SITE_REGION: z.string().min(1).default('RegionOne'),
  FEDCLOUD_REAL_SITE_IDP: z.string().min(1).default('egi.eu'),
  FEDCLOUD_REAL_SITE_PROTOCOL: z.enum(['openid', 'oidc']).default('openid'),
  /** `vo=project_id,vo=project_id`. */
  FEDCLOUD_REAL_SITE_PROJECTS: z.string().regex(/^[^=,]+=[^=,]+(,[^=,]+=[^=,]+)*$/),
  FEDCLOUD_REAL_SITE_ISSUER_DIR: z.string().min(1),
  FEDCLOUD_REAL_SITE_ISSUER_PORT: z.coerce.number().int().min(1).max(65535),
  FEDCLOUD_REAL_SITE_ADMIN_URL: z.url(),
  FEDCLOUD_REAL_SITE_ADMIN_USER: z.string().min(1),
  FEDCLOUD_REAL_SITE_ADMIN_PASSWORD: z.string().min(1),
  FEDCLOUD_REAL_SITE_ADMIN_PROJECT: z.string().min(1).default('admin'),
  FEDCLOUD_REAL_SITE_ADMIN_DOMAIN: z.string().min(1).default('Default'),
  /** Set to 1 when the site has Cinder. */
  FEDCLOUD_REAL_SITE_VOLUMES: z.enum(['0', '1']).default('0'),
});

const HOW_TO =
  'start one with `sudo bash tools/openstack-site/ci-up.sh` and `set -a; . /tmp/openstack-site/fedcloud-real-site.env`';

/** A real OpenStack site given by FEDCLOUD_REAL_SITE_* variables, or a skip saying why not. */
export function realSiteTarget(env: NodeJS.ProcessEnv = process.env): TargetProvider {
  const parsed = env.FEDCLOUD_REAL_SITE_URL ? realSiteEnv.safeParse(env) : undefined;
  const skipReason = !env.FEDCLOUD_REAL_SITE_URL
    ? `FEDCLOUD_REAL_SITE_URL is not set: no real OpenStack site to test against (${HOW_TO})`
    : parsed && !parsed.success
      ? `the FEDCLOUD_REAL_SITE_* variables are incomplete: ${parsed.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`
      : undefined;
  const config = parsed?.success ? parsed.data : undefined;
  const capabilities = { volumes: config?.FEDCLOUD_REAL_SITE_VOLUMES === '1' };
  return {
    kind: 'real-site',
    capabilities,
    skipReason,
    async start(): Promise<ConformanceTarget> {
      if (!config) throw new Error(skipReason ?? 'no real site configured');
      // The issuer the site trusts: a fixed address and a data folder that outlives the run, so
      // the site's cached JWKS and its trusted CA stay valid. Its one emulated site is unused.
      const issuer = await startSandbox({
        dataDir: config.FEDCLOUD_REAL_SITE_ISSUER_DIR,
        issuerPort: config.FEDCLOUD_REAL_SITE_ISSUER_PORT,
        controlPort: 0,
        sitesPort: 0,
        sites: 1,
        buildDelayMs: 100,
      });
      // The folder is 0711 so that apache can read the CA inside; the issuer's database (its
      // signing key) is for root alone.
      for (const file of ['sandbox.db', 'sandbox.db-wal', 'sandbox.db-shm']) {
        await chmod(join(config.FEDCLOUD_REAL_SITE_ISSUER_DIR, file), 0o600).catch(() => undefined);
      }
      const transport = createTransport({});
      const projects = Object.fromEntries(
        config.FEDCLOUD_REAL_SITE_PROJECTS.split(',').map(
          (pair) => pair.split('=') as [string, string],
        ),
      );
      const site: SiteConfig = {
        name: config.FEDCLOUD_REAL_SITE_NAME,
        endpoint: config.FEDCLOUD_REAL_SITE_URL,
        protocol: config.FEDCLOUD_REAL_SITE_PROTOCOL,
        region: config.FEDCLOUD_REAL_SITE_REGION,
        vos: Object.entries(projects).map(([name, projectId]) => ({ name, projectId, extra: {} })),
        source: 'FEDCLOUD_REAL_SITE_PROJECTS',
      };
      const adminAuth = () =>
        loginWithPassword(transport, {
          authUrl: config.FEDCLOUD_REAL_SITE_ADMIN_URL,
          username: config.FEDCLOUD_REAL_SITE_ADMIN_USER,
          password: config.FEDCLOUD_REAL_SITE_ADMIN_PASSWORD,
          userDomainName: config.FEDCLOUD_REAL_SITE_ADMIN_DOMAIN,
          projectName: config.FEDCLOUD_REAL_SITE_ADMIN_PROJECT,
          projectDomainName: config.FEDCLOUD_REAL_SITE_ADMIN_DOMAIN,
        });
      let adminProjectId: string | undefined;
      return {
        kind: 'real-site',
        capabilities,
        siteName: site.name,
        identityUrl: config.FEDCLOUD_REAL_SITE_URL,
        identityProvider: config.FEDCLOUD_REAL_SITE_IDP,
        protocol: config.FEDCLOUD_REAL_SITE_PROTOCOL,
        issuerUrl: issuer.issuerUrl,
        projects,
        transport,
        caFile: undefined,
        site,
        tokenFor: (user) => issuer.tokenFor(user),
        signToken: (claims) => issuer.issuer.signAccessTokenForTests(claims),
        subjectOf: (user) => subFor(user),
        entitlementsOf,
        admin: {
          client: async () =>
            createClient({ transport, auth: await adminAuth(), region: site.region }),
          async projectId() {
            adminProjectId ??= (await adminAuth()).projectId;
            if (!adminProjectId) throw new Error('the admin login named no project');
            return adminProjectId;
          },
        },
        stop: () => issuer.stop(),
      };
    },
  };
}
