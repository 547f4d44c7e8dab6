import { describe, expect, it } from 'vitest';
import { computeHarness } from './compute-test-helpers.js';

async function setup() {
  const h = computeHarness({ buildDelayMs: 0 });
  const flavor = (name: string) => h.site.spec.flavors.find((f) => f.name === name)!.id;
  const created = await h.nova('POST', '/servers', {
    version: '2.37',
    body: {
      server: {
        name: 'vm',
        imageRef: h.site.spec.images[0]!.id,
        flavorRef: flavor('m1.small'),
        networks: 'none',
      },
    },
  });
  expect(created.status).toBe(202);
  const { id } = ((await created.json()) as { server: { id: string } }).server;
  h.advance(1000);
  const show = async () =>
    ((await (await h.nova('GET', `/servers/${id}`)).json()) as { server: Record<string, any> })
      .server;
  const action = (body: unknown) => h.nova('POST', `/servers/${id}/action`, { body });
  return { h, id, flavor, show, action };
}

describe('resize (Nova resize, confirmResize, revertResize)', () => {
  it('moves to the new flavor in VERIFY_RESIZE, relaunches, and confirm keeps it', async () => {
    const { h, flavor, show, action } = await setup();
    const before = await show();
    h.advance(60_000);
    expect((await action({ resize: { flavorRef: flavor('m1.medium') } })).status).toBe(202);
    const resized = await show();
    expect(resized.status).toBe('VERIFY_RESIZE');
    expect(resized.flavor.id).toBe(flavor('m1.medium'));
    expect(resized.created).toBe(before.created);
    // finish_resize sets launched_at again.
    expect(resized['OS-SRV-USG:launched_at']).not.toBe(before['OS-SRV-USG:launched_at']);
    expect((await action({ confirmResize: null })).status).toBe(204);
    expect(await show()).toMatchObject({ status: 'ACTIVE', flavor: { id: flavor('m1.medium') } });
  });

  it('revert goes back to the old flavor and the state before, a stopped server stays stopped', async () => {
    const { flavor, show, action } = await setup();
    expect((await action({ 'os-stop': null })).status).toBe(202);
    expect((await action({ resize: { flavorRef: flavor('m1.large') } })).status).toBe(202);
    expect((await action({ revertResize: null })).status).toBe(202);
    expect(await show()).toMatchObject({ status: 'SHUTOFF', flavor: { id: flavor('m1.small') } });
  });

  it("refuses Nova's way: the same flavor, an unknown one, confirming what was not resized", async () => {
    const { flavor, action } = await setup();
    const same = await action({ resize: { flavorRef: flavor('m1.small') } });
    expect(same.status).toBe(400);
    expect(await same.json()).toEqual({
      badRequest: { code: 400, message: 'When resizing, instances must change flavor!' },
    });
    expect((await action({ resize: { flavorRef: 'nope' } })).status).toBe(400);
    expect((await action({ confirmResize: null })).status).toBe(400);
  });
});
