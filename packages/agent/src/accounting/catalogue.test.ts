import { createClient, type Client } from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { RunCatalogue, UserNames } from './catalogue.js';
import type { SiteAccess } from './keystone-access.js';

function client(answer: (url: string) => Response, seen: string[]): Client {
  return {
    transport: {
      fetch: ((url: string) => {
        seen.push(url);
        return Promise.resolve(answer(url));
      }) as unknown as typeof fetch,
    },
    auth: {
      token: 'project-token',
      identityUrl: 'https://k/v3',
      catalog: [],
      expiresAt: new Date(),
    },
  } as unknown as Client;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const access = (system: boolean): SiteAccess => ({
  transport: {},
  systemProblem: system ? undefined : 'fedcloud-agent holds no role on the system scope',
  system: () =>
    Promise.resolve(system ? { token: 'system-token', identityUrl: 'https://k/v3' } : undefined),
  project: () => Promise.reject(new Error('unused')),
});

describe('user names (GlobalUserName)', () => {
  it('asks Keystone once per user, with the system token', async () => {
    const seen: string[] = [];
    const users = new UserNames(access(true), () => undefined);
    const c = client(() => json(200, { user: { id: 'u1', name: 'alice@egi.eu' } }), seen);
    expect(await users.get('u1', c)).toBe('alice@egi.eu');
    expect(await users.get('u1', c)).toBe('alice@egi.eu');
    expect(await users.get(undefined, c)).toBeUndefined();
    expect(seen).toEqual(['https://k/v3/users/u1']);
  });

  it('when Keystone refuses: names left out, one warning, no more asking', async () => {
    const seen: string[] = [];
    const warnings: string[] = [];
    const users = new UserNames(access(false), (line) => warnings.push(line));
    const c = client(
      () =>
        json(403, { error: { code: 403, message: 'You are not authorized', title: 'Forbidden' } }),
      seen,
    );
    expect(await users.get('u1', c)).toBeUndefined();
    expect(await users.get('u2', c)).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(warnings).toEqual([
      'Keystone refuses to show users to the agent (no system scope: fedcloud-agent holds no role on the system scope): GlobalUserName is left out of the records; grant the account the reader role on the system scope (openstack role add --user <agent> --system all reader)',
    ]);
  });

  it('a deleted user (404) just has no name', async () => {
    const warnings: string[] = [];
    const users = new UserNames(access(true), (line) => warnings.push(line));
    const c = client(() => json(404, { error: { code: 404, message: 'Could not find user' } }), []);
    expect(await users.get('gone', c)).toBeUndefined();
    expect(warnings).toEqual([]);
  });
});

describe('the run catalogue (flavors and images read once)', () => {
  const flavor = (id: string) => ({ id, name: id, vcpus: 2, ram: 2048, disk: 20 });
  const nova = (answer: (url: string) => Response, seen: string[]) =>
    createClient({
      transport: {
        fetch: ((url: string) => {
          seen.push(url);
          return Promise.resolve(answer(url));
        }) as unknown as typeof fetch,
      },
      auth: {
        token: 'project-token',
        expiresAt: new Date(Date.now() + 3_600_000),
        catalog: [
          { type: 'compute', endpoints: [{ interface: 'public', url: 'https://nova/v2.1' }] },
          { type: 'image', endpoints: [{ interface: 'public', url: 'https://glance' }] },
        ],
      },
    });

  it("a failing extra-specs read of a flavor no server uses is not the run's end", async () => {
    const seen: string[] = [];
    const client = nova((url) => {
      if (url.includes('/flavors/detail')) {
        return json(200, { flavors: [flavor('used'), flavor('unused')] });
      }
      if (url.includes('/images')) return json(200, { images: [] });
      if (url.endsWith('/flavors/used/os-extra_specs')) {
        return json(200, { extra_specs: { 'Accelerator:Number': '1' } });
      }
      return json(500, { computeFault: { code: 500, message: 'boom' } });
    }, seen);
    const catalogue = new RunCatalogue();
    await catalogue.load(client);
    // Before the fix, the unused flavor's rejection was unhandled here and ended the process
    // (vitest fails a test file on an unhandled rejection).
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await catalogue.flavor(client, 'used')).toMatchObject({
      id: 'used',
      vcpus: 2,
      extraSpecs: { 'Accelerator:Number': '1' },
    });
    await expect(catalogue.flavor(client, 'unused')).rejects.toThrow(/500|boom/);
    expect(seen.filter((url) => url.includes('os-extra_specs'))).toHaveLength(2);
  });
});
