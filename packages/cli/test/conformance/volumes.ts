import { createVolume, deleteVolume, listVolumes, type Volume } from '@fedcloud/openstack';
import { describe, expect } from 'vitest';
import type { SiteSession } from '@fedcloud/sdk';
import { itWith, type SuiteInfo, type Use } from './parts.js';

async function waitForVolume(session: SiteSession, id: string, status: string): Promise<Volume> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const volume = (await listVolumes(session.client)).find((v) => v.id === id);
    if (volume?.status === status || volume?.status === 'error') return volume;
    if (Date.now() > deadline) throw new Error(`volume ${id} not ${status} in time`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Cinder, where the site has it. */
export function defineVolumeTests(use: Use, info: SuiteInfo): void {
  const reason = `no block-storage service at the ${info.kind} target`;
  describe('volumes', () => {
    itWith(
      info.capabilities.volumes,
      reason,
      'creates a volume, lists it and deletes it',
      async () => {
        const c = use();
        const session = await c.session();
        const created = await createVolume(session.client, { size: 1, name: c.name('volume') });
        try {
          expect(created).toMatchObject({ size: 1, name: c.name('volume') });
          const ready = await waitForVolume(session, created.id, 'available');
          expect(ready.status).toBe('available');
        } finally {
          await deleteVolume(session.client, created.id);
        }
      },
    );
  });
}
