import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliSandbox, type CliSandbox } from './cli-sandbox.js';

let sb: CliSandbox;
beforeAll(async () => {
  sb = await startCliSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

describe('fedcloud token', () => {
  it('check prints the expiry of the token from OIDC_ACCESS_TOKEN', async () => {
    const r = await sb.run(['token', 'check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Token is valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\nToken expires in \d+ seconds\nSignature verified with the keys of https:\/\/\S+\n$/,
    );
  });

  it('check refuses an unsigned (alg none) token and a forged signature (exit 3)', async () => {
    const [header, payload, signature] = sb.token.split('.') as [string, string, string];
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    // The same claims with the signature of another payload: well-formed, but forged.
    const other = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        sub: 'mallory',
      }),
    ).toString('base64url');
    const forged = `${header}.${other}.${signature}`;
    for (const [token, reason] of [
      [none, 'the token is not signed (alg none)'],
      [forged, 'no key of the issuer verifies it'],
    ] as const) {
      const r = await sb.run(['token', 'check'], { OIDC_ACCESS_TOKEN: token });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`The token's signature is invalid: ${reason}`);
      expect(r.stderr).not.toContain(token);
    }
  });

  it('check says the signature was not checked when the issuer cannot be asked', async () => {
    const [, payload] = sb.token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const elsewhere = Buffer.from(
      JSON.stringify({ ...claims, iss: 'https://127.0.0.1:1/unreachable' }),
    ).toString('base64url');
    const [header, , signature] = sb.token.split('.') as [string, string, string];
    const r = await sb.run(['token', 'check'], {
      OIDC_ACCESS_TOKEN: `${header}.${elsewhere}.${signature}`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nSignature not checked: the issuer cannot be asked: /);
  });

  it('list-vos prints the VOs of the userinfo entitlements, one per line and as JSON', async () => {
    const expected = [...(sb.sandbox.users.find((u) => u.username === 'alice')?.vos ?? [])].sort();
    const plain = await sb.run(['token', 'list-vos']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toEqual(expected);
    const json = await sb.run(['token', 'list-vos', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(expected);
  });

  it('issue prints the configured access token', async () => {
    const r = await sb.run(['token', 'issue']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${sb.token}\n`);
  });

  it('without any token source names OIDC_ACCESS_TOKEN and fails', async () => {
    const r = await sb.run(['token', 'check'], { OIDC_ACCESS_TOKEN: undefined });
    expect(r.code).not.toBe(0);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('OIDC_ACCESS_TOKEN');
    expect(r.stdout).toBe('');
  });

  it('rejects a malformed token without printing it', async () => {
    const r = await sb.run(['token', 'check'], { OIDC_ACCESS_TOKEN: 'not-a-jwt-secret' });
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain('not-a-jwt-secret');
  });

  it("bad flags exit 2 with commander's message", async () => {
    const r = await sb.run(['token', 'check', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
  });
});
