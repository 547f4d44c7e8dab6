import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SiteSpec } from './site/spec.js';

export interface SiteEndpoint {
  spec: SiteSpec;
  /** Keystone URL, as GOCDB and fedcloud-catchall-operations record it. */
  identityUrl: string;
}

/** The sites folder in fedcloud-catchall-operations' format: one `<gocdb>.yaml` per site. */
export async function writeCatchallSites(dir: string, sites: SiteEndpoint[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const keep = new Set(sites.map(({ spec }) => `${spec.name}.yaml`));
  for (const name of await readdir(dir)) {
    if (name.endsWith('.yaml') && !keep.has(name)) await rm(join(dir, name));
  }
  await Promise.all(
    sites.map(({ spec, identityUrl }) =>
      writeFile(join(dir, `${spec.name}.yaml`), stringify(catchallDocument(spec, identityUrl))),
    ),
  );
}

export function catchallDocument(spec: SiteSpec, identityUrl: string) {
  return {
    gocdb: spec.name,
    endpoint: `${identityUrl}/`,
    protocol: spec.protocols[0],
    region: spec.region,
    vos: spec.vos.map((vo) => ({ name: vo.vo, auth: { project_id: vo.projectId } })),
  };
}

/**
 * A clouds.yaml for the real `openstack` CLI and SDK: a password entry for each site's admin and
 * an OIDC entry per VO (the access token is given with --os-access-token). Holds passwords: 0600.
 */
export async function writeCloudsYaml(
  file: string,
  sites: SiteEndpoint[],
  caFile: string | undefined,
): Promise<void> {
  const clouds: Record<string, unknown> = {};
  for (const { spec, identityUrl } of sites) {
    const key = spec.name.toLowerCase();
    const common = {
      region_name: spec.region,
      interface: 'public',
      identity_api_version: 3,
      ...(caFile ? { cacert: caFile } : {}),
    };
    clouds[`${key}-admin`] = {
      ...common,
      auth: {
        auth_url: identityUrl,
        username: 'admin',
        password: spec.adminPassword,
        project_name: 'admin',
        user_domain_name: 'Default',
        project_domain_name: 'Default',
      },
    };
    for (const vo of spec.vos) {
      clouds[`${key}-${vo.vo}`] = {
        ...common,
        auth_type: 'v3oidcaccesstoken',
        auth: {
          auth_url: identityUrl,
          identity_provider: spec.identityProvider,
          protocol: spec.protocols[0],
          project_id: vo.projectId,
        },
      };
    }
  }
  await writeSecretFile(file, stringify({ clouds }));
}

export async function writeSecretFile(file: string, content: string): Promise<void> {
  await writeFile(file, content, { mode: 0o600 });
  await chmod(file, 0o600);
}
