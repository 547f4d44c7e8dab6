import { serviceUrl, type SiteContext } from '../site/context.js';
import { defaultTypeId, type VolumeRecord } from './volume-model.js';

export interface ViewContext {
  site: SiteContext;
  mv: number;
  isAdmin: boolean;
}

function links(site: SiteContext, volume: VolumeRecord): { href: string; rel: string }[] {
  const base = serviceUrl(site, 'volume');
  return [
    { href: `${base}/v3/${volume.project_id}/volumes/${volume.id}`, rel: 'self' },
    { href: `${base}/${volume.project_id}/volumes/${volume.id}`, rel: 'bookmark' },
  ];
}

/** `GET /volumes` entries: id, links, name (cinder/api/v2/views/volumes.py `summary`). */
export function volumeSummary(view: ViewContext, volume: VolumeRecord): Record<string, unknown> {
  return { id: volume.id, links: links(view.site, volume), name: volume.name };
}

/**
 * The detail view (cinder/api/v3/views/volumes.py), with the attributes later microversions
 * add and the admin-only host/migration attributes.
 * https://docs.openstack.org/api-ref/block-storage/v3/#show-a-volume-s-details
 */
export function volumeDetail(view: ViewContext, volume: VolumeRecord): Record<string, unknown> {
  const { volume_image_metadata: imageMetadata, project_id: projectId, ...rest } = volume;
  const body: Record<string, unknown> = {
    ...rest,
    links: links(view.site, volume),
    consistencygroup_id: null,
    replication_status: null,
    migration_status: null,
    'os-vol-tenant-attr:tenant_id': projectId,
  };
  if (imageMetadata) body.volume_image_metadata = imageMetadata;
  if (view.isAdmin) {
    body['os-vol-host-attr:host'] = `cinder@lvmdriver-1#lvmdriver-1`;
    body['os-vol-mig-status-attr:migstat'] = null;
    body['os-vol-mig-status-attr:name_id'] = null;
  }
  if (view.mv >= 3013) body.group_id = null;
  if (view.mv >= 3021 && view.isAdmin) body.provider_id = null;
  if (view.mv >= 3048) {
    body.service_uuid = null;
    body.shared_targets = false;
  }
  if (view.mv >= 3061 && view.isAdmin) body.cluster_name = null;
  if (view.mv >= 3063) body.volume_type_id = defaultTypeId(view.site);
  if (view.mv >= 3065) body.consumes_quota = true;
  return body;
}
