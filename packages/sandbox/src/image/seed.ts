import type { SiteContext } from '../site/context.js';
import { newImageBody, type StoredImage } from './image-model.js';
import { IMAGE_KIND } from './image-store.js';
import { SEED_PAYLOAD_BYTES, seedPayload } from './seed-payload.js';

/**
 * The site's EGI images (site.spec.images): public, active, owned by the admin project, with the
 * AppDB/registry properties image replication publishes. Their data is the deterministic payload
 * of seed-payload.ts, generated in memory on demand and never written to disk, so seeding 300
 * sites costs three hashes. Idempotent: an image that already exists is left alone, so a restart
 * keeps whatever the admin changed (tags, deactivation).
 */
export function seedImages(site: SiteContext): void {
  const now = site.now();
  for (const seed of site.spec.images) {
    if (site.store.has(IMAGE_KIND, seed.id)) continue;
    const payload = seedPayload(seed.name);
    const image = {
      ...newImageBody(seed.id, site.spec.adminProjectId, now),
      ...seed.properties,
      name: seed.name,
      status: 'active' as const,
      visibility: 'public' as const,
      disk_format: 'qcow2',
      container_format: 'bare',
      size: SEED_PAYLOAD_BYTES,
      checksum: payload.md5,
      os_hash_algo: 'sha512',
      os_hash_value: payload.sha512,
    };
    site.store.insert<StoredImage>(
      IMAGE_KIND,
      seed.id,
      image.owner,
      { image, data: { kind: 'seed', name: seed.name } },
      now,
    );
  }
}
