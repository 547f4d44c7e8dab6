import { describe, expect, it } from 'vitest';
import { authenticate, SEEDED_USERS, subFor, userBySub } from './users.js';

describe('seeded users', () => {
  it('are alice, bob and carol with Check-in shaped subjects', () => {
    expect(SEEDED_USERS.map((user) => user.username)).toEqual(['alice', 'bob', 'carol']);
    for (const user of SEEDED_USERS) {
      expect(subFor(user.username)).toMatch(/^[0-9a-f]{64}@egi\.eu$/);
      expect(userBySub(subFor(user.username))).toBe(user);
    }
    expect(SEEDED_USERS[2]!.entitlements).toEqual([]);
  });

  it('authenticates only with the configured password', () => {
    const passwords = { alice: 's3cret' };
    expect(authenticate(passwords, 'alice', 's3cret')?.username).toBe('alice');
    expect(authenticate(passwords, 'alice', 'wrong')).toBeUndefined();
    expect(authenticate(passwords, 'bob', '')).toBeUndefined();
    expect(authenticate(passwords, 'constructor', '')).toBeUndefined();
  });
});
