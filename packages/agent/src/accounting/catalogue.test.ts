import type { Client } from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { UserNames } from './catalogue.js';
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
