import { describe, expect, it } from 'vitest';
import { fakeFetch, json } from '../testing/fake-fetch.js';
import { loginWithPassword } from './password.js';
import { getProject, listProjects } from './projects.js';
import { getUser } from './users.js';

const IDENTITY = { token: 'gAAAAABsystem-token', identityUrl: 'https://k:5000/v3' };

const SYSTEM_BODY = {
  token: {
    methods: ['password'],
    user: { domain: { id: 'default', name: 'Default' }, id: 'u-agent', name: 'fedcloud-agent' },
    system: { all: true },
    roles: [{ id: 'r-reader', name: 'reader' }],
    audit_ids: ['a1'],
    expires_at: '2030-01-01T12:00:00.000000Z',
    issued_at: '2030-01-01T11:00:00.000000Z',
  },
};

describe("what accounting reads from Keystone (cASO's calls)", () => {
  it('logs in with a system scope and can log in again', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, SYSTEM_BODY, { 'X-Subject-Token': 'gAAAAABsystem-token' }),
    );
    const auth = await loginWithPassword(
      { fetch },
      { authUrl: 'https://k:5000', username: 'fedcloud-agent', password: 'pw-1', system: 'all' },
    );
    expect(JSON.parse(calls[0]?.body ?? '')).toMatchObject({
      auth: { scope: { system: { all: true } } },
    });
    expect(auth.token).toBe('gAAAAABsystem-token');
    expect(auth.projectId).toBeUndefined();
    await auth.reauthenticate?.();
    expect(calls).toHaveLength(2);
  });

  it('lists projects by tag and keeps their extra properties (the VO)', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        projects: [
          { id: 'p1', name: 'VO:a', domain_id: 'default', tags: ['caso'], VO: 'vo.a.eu' },
          { id: 'p2', name: 'VO:b', domain_id: 'default', tags: ['caso', 'x'] },
        ],
        links: { next: null },
      }),
    );
    const projects = await listProjects({ fetch }, IDENTITY, { tags: ['caso'] });
    expect(calls[0]?.url).toBe('https://k:5000/v3/projects?tags=caso');
    expect(calls[0]?.headers.get('x-auth-token')).toBe('gAAAAABsystem-token');
    expect(projects.map((p) => [p.id, p['VO']])).toEqual([
      ['p1', 'vo.a.eu'],
      ['p2', undefined],
    ]);
  });

  it('reads one project and one user by id', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url.includes('/users/')
        ? json(200, { user: { id: 'u 1', name: 'alice@egi.eu', domain_id: 'Federated' } })
        : json(200, { project: { id: 'p1', name: 'VO:a', 'egi.eu:VO': 'vo.a.eu' } }),
    );
    const project = await getProject({ fetch }, IDENTITY, 'p1');
    const user = await getUser({ fetch }, IDENTITY, 'u 1');
    expect(project['egi.eu:VO']).toBe('vo.a.eu');
    expect(user.name).toBe('alice@egi.eu');
    expect(calls.map((c) => c.url)).toEqual([
      'https://k:5000/v3/projects/p1',
      'https://k:5000/v3/users/u%201',
    ]);
  });

  it('surfaces a 403 on a user as an OpenStackError with its status', async () => {
    const { fetch } = fakeFetch(() =>
      json(403, {
        error: { code: 403, message: 'You are not authorized', title: 'Forbidden' },
      }),
    );
    await expect(getUser({ fetch }, IDENTITY, 'u1')).rejects.toMatchObject({ status: 403 });
  });
});
