import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { isFedcloudError } from '../errors.js';
import { decodeAccessToken } from './decode.js';
import { describeTokenExpiry } from './describe-expiry.js';

const key = new TextEncoder().encode('unit-test-key-that-is-long-enough-000');

function jwt(claims: Record<string, unknown>, typ = 'at+jwt'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ }).sign(key);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isFedcloudError(error) ? error.code : 'not a FedcloudError';
  }
  return undefined;
}

describe('decodeAccessToken', () => {
  it('reads issuer, subject, times, scope and all claims', async () => {
    const token = await jwt({
      iss: 'https://aai.egi.eu/auth/realms/egi',
      sub: 'abc@egi.eu',
      iat: 1_700_000_000,
      exp: 1_700_003_600,
      scope: 'openid eduperson_entitlement',
      aud: 'fedcloud',
    });
    const decoded = decodeAccessToken(token);
    expect(decoded).toEqual({
      issuer: 'https://aai.egi.eu/auth/realms/egi',
      subject: 'abc@egi.eu',
      issuedAt: new Date(1_700_000_000_000),
      expiresAt: new Date(1_700_003_600_000),
      scope: 'openid eduperson_entitlement',
      claims: expect.objectContaining({ aud: 'fedcloud' }),
    });
  });

  it('rejects what is not a JWT as TOKEN_INVALID', () => {
    expect(codeOf(() => decodeAccessToken('opaque-token'))).toBe('TOKEN_INVALID');
    expect(codeOf(() => decodeAccessToken('a.b.c'))).toBe('TOKEN_INVALID');
    expect(codeOf(() => decodeAccessToken(''))).toBe('TOKEN_INVALID');
  });

  it('recognises a Keycloak refresh token given as access token (fedcloudclient PR #90)', async () => {
    const refresh = await jwt(
      { iss: 'https://x', sub: 's', exp: 2_000_000_000, typ: 'Refresh' },
      'JWT',
    );
    const offline = await jwt({ iss: 'https://x', sub: 's', typ: 'Offline' }, 'JWT');
    for (const token of [refresh, offline]) {
      try {
        decodeAccessToken(token);
        expect.unreachable();
      } catch (error) {
        expect(isFedcloudError(error) && error.code).toBe('TOKEN_INVALID');
        expect(isFedcloudError(error) && error.hint).toMatch(/OIDC_REFRESH_TOKEN/);
        expect((error as Error).message).not.toContain(token);
      }
    }
  });

  it('needs exp and iss', async () => {
    expect(codeOf(() => decodeAccessToken('x'))).toBe('TOKEN_INVALID');
    const noExp = await jwt({ iss: 'https://x', sub: 's' });
    const noIss = await jwt({ sub: 's', exp: 2_000_000_000 });
    expect(codeOf(() => decodeAccessToken(noExp))).toBe('TOKEN_INVALID');
    expect(codeOf(() => decodeAccessToken(noIss))).toBe('TOKEN_INVALID');
  });
});

describe('describeTokenExpiry (fedcloudclient 1.4.4 wording)', () => {
  const now = new Date('2024-08-15T12:00:00.400Z');

  it('counts seconds under a day', () => {
    expect(describeTokenExpiry({ expiresAt: new Date('2024-08-15T13:00:00Z') }, now)).toEqual([
      'Token is valid until 2024-08-15 13:00:00 UTC',
      'Token expires in 3600 seconds',
    ]);
  });

  it('counts whole days from a day on', () => {
    expect(describeTokenExpiry({ expiresAt: new Date('2024-08-17T18:00:00Z') }, now)).toEqual([
      'Token is valid until 2024-08-17 18:00:00 UTC',
      'Token expires in 2 days',
    ]);
    expect(describeTokenExpiry({ expiresAt: new Date('2024-08-16T12:00:00Z') }, now)[1]).toBe(
      'Token expires in 1 days',
    );
  });

  it('says when an expired token expired', () => {
    expect(describeTokenExpiry({ expiresAt: new Date('2024-08-15T11:00:00Z') }, now)).toEqual([
      'Token expired at 2024-08-15 11:00:00 UTC',
    ]);
  });

  it('works on a decoded token', async () => {
    const decoded = decodeAccessToken(
      await jwt({ iss: 'https://x', sub: 's', exp: Math.floor(now.getTime() / 1000) + 90 }),
    );
    expect(describeTokenExpiry(decoded, now)[1]).toBe('Token expires in 90 seconds');
  });
});
