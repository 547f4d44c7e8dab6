import { paginate } from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import type { SuiteInfo, Use } from './parts.js';

interface Named {
  id: string;
}

/** Every service's own way of linking pages (Nova/Neutron `*_links`, Glance `next`). */
export function definePaginationTests(use: Use, _info: SuiteInfo): void {
  const pages = async (service: string, path: string, itemsKey: string) => {
    const { client } = await use().session();
    const all = await paginate<Named>(client, service, path, { itemsKey }).collect();
    const paged: Named[][] = [];
    for await (const page of paginate<Named>(client, service, path, {
      itemsKey,
      query: { limit: 1 },
    }).pages()) {
      paged.push(page);
    }
    return { all, paged };
  };

  describe('pagination', () => {
    for (const [service, path, itemsKey] of [
      ['compute', '/flavors', 'flavors'],
      ['image', '/v2/images', 'images'],
      ['network', '/v2.0/networks', 'networks'],
    ] as const) {
      it(`walks ${service} ${itemsKey} one per page to the same list`, async () => {
        const { all, paged } = await pages(service, path, itemsKey);
        expect(all.length).toBeGreaterThanOrEqual(2);
        expect(paged.every((page) => page.length === 1)).toBe(true);
        expect(
          paged
            .flat()
            .map((item) => item.id)
            .sort(),
        ).toEqual(all.map((i) => i.id).sort());
      });
    }
  });
}
