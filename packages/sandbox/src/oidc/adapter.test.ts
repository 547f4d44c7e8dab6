import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../store/db.js';
import { sqliteAdapter } from './adapter.js';

describe('sqliteAdapter', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:');
  });
  afterEach(() => {
    vi.useRealTimers();
    db.close();
  });

  it('stores, finds by id, uid and user code, per model', async () => {
    const Adapter = sqliteAdapter(db);
    const sessions = new Adapter('Session');
    const codes = new Adapter('DeviceCode');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a' }, 60);
    await codes.upsert('d1', { userCode: 'ABCD', grantId: 'g1' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'a' });
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'a' });
    expect(await codes.findByUserCode('ABCD')).toMatchObject({ grantId: 'g1' });
    expect(await codes.find('s1')).toBeUndefined();
    await sessions.upsert('s1', { uid: 'u2', accountId: 'b' }, 60);
    expect(await sessions.findByUid('u1')).toBeUndefined();
    expect(await sessions.find('s1')).toMatchObject({ accountId: 'b' });
  });

  it('honours expiresIn', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z'), toFake: ['Date'] });
    const tokens = new (sqliteAdapter(db))('AccessToken');
    await tokens.upsert('short', { accountId: 'a' }, 10);
    await tokens.upsert('forever', { accountId: 'a' });
    vi.setSystemTime(new Date('2030-01-01T00:00:11Z'));
    expect(await tokens.find('short')).toBeUndefined();
    expect(await tokens.find('forever')).toEqual({ accountId: 'a' });
  });

  it('consumes, destroys and revokes by grant', async () => {
    const Adapter = sqliteAdapter(db);
    const refresh = new Adapter('RefreshToken');
    const codes = new Adapter('AuthorizationCode');
    await refresh.upsert('r1', { grantId: 'g1' }, 60);
    await refresh.upsert('r2', { grantId: 'g2' }, 60);
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await refresh.consume('r1');
    expect((await refresh.find('r1'))?.consumed).toEqual(expect.any(Number));
    await refresh.revokeByGrantId('g1');
    expect(await refresh.find('r1')).toBeUndefined();
    expect(await refresh.find('r2')).toBeDefined();
    expect(await codes.find('c1')).toBeDefined();
    await refresh.destroy('r2');
    expect(await refresh.find('r2')).toBeUndefined();
  });
});
