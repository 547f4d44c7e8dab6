import { describe, expect, it } from 'vitest';
import { authorize, capabilitiesOf, rulesFor, USER_POLICY } from './policy.js';

const ALICE = 'a1@egi.eu';
const login = rulesFor(['default', USER_POLICY], { alias: ALICE });
const locker = rulesFor(['default'], { alias: ALICE });

describe('the sandbox policies', () => {
  it('give a user every operation under their own folder of secrets/ and nowhere else', () => {
    for (const capability of ['create', 'read', 'update', 'delete', 'list'] as const) {
      expect(authorize(login, capability, `secrets/users/${ALICE}/app`, undefined)).toBe(true);
    }
    expect(authorize(login, 'list', `secrets/users/${ALICE}/`, undefined)).toBe(true);
    expect(authorize(login, 'read', 'secrets/users/b2@egi.eu/app', undefined)).toBe(false);
    expect(authorize(login, 'list', 'secrets/users/', undefined)).toBe(false);
    // The folder itself, without the slash, is not inside the glob.
    expect(authorize(login, 'read', `secrets/users/${ALICE}`, undefined)).toBe(false);
    expect(authorize(login, 'read', 'sys/mounts', undefined)).toBe(false);
  });

  it('let a login token create children holding the default policy only', () => {
    const create = (data: Record<string, unknown>) =>
      authorize(login, 'update', 'auth/token/create', data);
    expect(create({ policies: ['default'], ttl: '24h', num_uses: 10 })).toBe(true);
    expect(create({ policies: 'default' })).toBe(true);
    expect(create({ ttl: '1h' })).toBe(true);
    expect(create({ policies: ['default', USER_POLICY] })).toBe(false);
    expect(authorize(locker, 'update', 'auth/token/create', { policies: ['default'] })).toBe(false);
  });

  it("give every token its cubbyhole and its own token endpoints (Vault's default policy)", () => {
    expect(authorize(locker, 'create', 'cubbyhole/x', undefined)).toBe(true);
    expect(authorize(locker, 'list', 'cubbyhole/', undefined)).toBe(true);
    expect(authorize(locker, 'read', 'auth/token/lookup-self', undefined)).toBe(true);
    expect(authorize(locker, 'update', 'auth/token/renew-self', undefined)).toBe(true);
    expect(authorize(locker, 'update', 'auth/token/revoke-self', undefined)).toBe(true);
    expect(authorize(locker, 'read', `secrets/users/${ALICE}/app`, undefined)).toBe(false);
  });

  it('grant nothing through a template that does not resolve', () => {
    const noEntity = rulesFor(['default', USER_POLICY], { alias: null });
    expect(authorize(noEntity, 'read', 'secrets/users/null/app', undefined)).toBe(false);
  });

  it('report capabilities sorted, deny where none', () => {
    expect(capabilitiesOf(login, `secrets/users/${ALICE}/x`)).toEqual([
      'create',
      'delete',
      'list',
      'read',
      'update',
    ]);
    expect(capabilitiesOf(locker, 'secrets/users/x')).toEqual(['deny']);
  });
});
