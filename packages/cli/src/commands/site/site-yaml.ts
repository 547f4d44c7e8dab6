import type { SiteConfig } from '@fedcloud/sdk';
import { stringify } from 'yaml';

/** A site back in fedcloud-catchall-operations' file format (what `site show` prints). */
function catchallDocument(site: SiteConfig): Record<string, unknown> {
  return {
    gocdb: site.name,
    endpoint: site.endpoint,
    protocol: site.protocol,
    ...(site.region ? { region: site.region } : {}),
    ...(site.images ? { images: site.images } : {}),
    vos: site.vos.map((vo) => ({ name: vo.name, auth: { project_id: vo.projectId }, ...vo.extra })),
  };
}

export function siteYaml(site: SiteConfig): string {
  return stringify(catchallDocument(site));
}

/** PyYAML's `yaml.dump(…, sort_keys=True)` layout: sorted keys, list items not indented. */
export function showYaml(site: SiteConfig): string {
  return stringify(catchallDocument(site), { sortMapEntries: true, indentSeq: false });
}
