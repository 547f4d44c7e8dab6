import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliSandbox, type CliRun, type CliSandbox } from './cli-sandbox.js';

/**
 * fedcloudclient's mytoken login end to end: the real `fedcloud` with only FEDCLOUD_MYTOKEN and
 * FEDCLOUD_MYTOKEN_SERVER set (no access token), against the sandbox's mytoken server, which
 * exchanges mytokens for the sandbox issuer's real access tokens and enforces revocation, use
 * counts and lifetimes as the real server does.
 */
const VO = 'vo.access.egi.eu';

let sb: CliSandbox;
/** Every mytoken handed to fedcloud in this file: none may ever be printed. */
const minted: string[] = [];

beforeAll(async () => {
  sb = await startCliSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

async function mint(options?: { usesAt?: number; expiresInSeconds?: number }): Promise<string> {
  const mytoken = await sb.sandbox.mintMytoken('alice', options);
  minted.push(mytoken);
  return mytoken;
}

/** fedcloud with the mytoken variables only, and the check that no mytoken leaked. */
async function fedcloud(
  mytoken: string,
  args: string[],
  extra: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const r = await sb.run(args, {
    OIDC_ACCESS_TOKEN: undefined,
    FEDCLOUD_MYTOKEN: mytoken,
    FEDCLOUD_MYTOKEN_SERVER: sb.sandbox.mytokenUrl,
    ...extra,
  });
  for (const secret of minted) {
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
    // The signature alone would be enough to recognise it.
    expect(`${r.stdout}${r.stderr}`).not.toContain(secret.split('.')[2]);
  }
  return r;
}

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('fedcloud with a mytoken', () => {
  it("token issue prints an access token of the mytoken's user from the sandbox issuer", async () => {
    const r = await fedcloud(await mint(), ['token', 'issue']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const token = r.stdout.trim();
    expect(payloadOf(token)).toMatchObject({
      iss: sb.sandbox.issuerUrl,
      sub: payloadOf(sb.token)['sub'],
    });
  });

  it('token list-vos, and --debug shows the mytoken server call but never the mytoken', async () => {
    const expected = [...(sb.sandbox.users.find((u) => u.username === 'alice')?.vos ?? [])].sort();
    const r = await fedcloud(await mint(), ['token', 'list-vos', '--debug']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(expected);
    expect(r.stderr).toMatch(/\[debug\] POST .*\/api\/v0\/token\/access.* -> 200/);
  });

  it('openstack server list --site --vo', async () => {
    const site = sb.sandbox.sites.find((s) => s.vos.some((v) => v.vo === VO))!;
    const r = await fedcloud(await mint(), [
      'openstack',
      'server',
      'list',
      '--site',
      site.name,
      '--vo',
      VO,
      '-f',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Site: ${site.name}, VO: ${VO}, command: `);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  it("token check: fedcloudclient's lines for the minted token, then the mytoken's line", async () => {
    const r = await fedcloud(await mint(), ['token', 'check']);
    expect(r.code, r.stderr).toBe(0);
    const server = sb.sandbox.mytokenUrl.replace(/[.]/g, '\\.');
    expect(r.stdout).toMatch(
      new RegExp(
        '^Token is valid until (\\S+ \\S+) UTC\\n' +
          'Token expires in (\\d+) seconds\\n' +
          'Signature verified with the keys of \\S+\\n' +
          'Token sources, in the order fedcloud asks them:\\n' +
          `  mytoken \\(FEDCLOUD_MYTOKEN\\) at ${server}: valid until \\1 UTC, expires in \\2 seconds, in use\\n$`,
      ),
    );
  });

  it('token issue --min-valid: 600 s is given, 7200 s is more than the issuer gives', async () => {
    const mytoken = await mint();
    const ok = await fedcloud(mytoken, ['token', 'issue', '--min-valid', '600']);
    expect(ok.code, ok.stderr).toBe(0);
    const exp = payloadOf(ok.stdout.trim())['exp'] as number;
    expect(exp - Date.now() / 1000).toBeGreaterThanOrEqual(600);

    const long = await fedcloud(mytoken, ['token', 'issue', '--min-valid', '7200']);
    expect(long.code).toBe(3);
    expect(long.stdout).toBe('');
    expect(long.stderr).toMatch(
      new RegExp(
        '^Error: No token source gives a token valid for 7200 seconds: ' +
          `mytoken \\(FEDCLOUD_MYTOKEN\\) at ${sb.sandbox.mytokenUrl.replace(/[.]/g, '\\.')} ` +
          'gave a new token that expires in \\d+ seconds\\n',
      ),
    );
  });

  it('a revoked mytoken: a clear error and exit 3, from every command', async () => {
    const mytoken = await mint();
    const revoke = await sb.sandbox.fetch(`${sb.sandbox.mytokenUrl}/api/v0/token/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: mytoken }),
    });
    expect(revoke.status).toBe(204);
    const r = await fedcloud(mytoken, ['token', 'issue']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Error: the mytoken is revoked, expired, or not one of this server: the mytoken server ${sb.sandbox.mytokenUrl} failed: invalid_token (HTTP 401)\n` +
        'Check FEDCLOUD_MYTOKEN (it may have expired or been revoked) and FEDCLOUD_MYTOKEN_SERVER; create a new mytoken at the mytoken server.\n',
    );
    const vos = await fedcloud(mytoken, ['token', 'list-vos', '--debug']);
    expect(vos.code).toBe(3);
    expect(vos.stderr).toContain('Error: the mytoken is revoked');
  });

  it('a mytoken out of uses: each fedcloud run spends one, the third is refused', async () => {
    const mytoken = await mint({ usesAt: 2 });
    expect((await fedcloud(mytoken, ['token', 'issue'])).code).toBe(0);
    expect((await fedcloud(mytoken, ['token', 'list-vos'])).code).toBe(0);
    const r = await fedcloud(mytoken, ['token', 'issue']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error: the mytoken may give no more access tokens now: its restrictions (number of uses, time, scope) allow none: ' +
        `the mytoken server ${sb.sandbox.mytokenUrl} failed: usage_restricted: The restrictions of this token does not allow this usage (HTTP 403)\n` +
        'Create a new mytoken at the mytoken server, with more uses or a longer life for a long job, and put it in FEDCLOUD_MYTOKEN.\n',
    );
    // fedcloudclient's per-site lines for the openstack command: the message on stdout.
    const site = await fedcloud(mytoken, [
      'openstack',
      'server',
      'list',
      '--site',
      'SANDBOX-ALPHA',
      '--vo',
      VO,
    ]);
    expect(site.code).toBe(3);
    expect(site.stdout).toMatch(
      /^Error code: {2}3\nError message: {2}the mytoken may give no more access tokens now/,
    );
  });

  it('a mytoken past its lifetime is refused as well', async () => {
    const mytoken = await mint({ expiresInSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const r = await fedcloud(mytoken, ['token', 'issue']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    // The server's words after ours: `token is expired by 2s` (golang-jwt's message).
    expect(r.stderr).toMatch(
      /^Error: the mytoken is revoked, expired, or not one of this server: the mytoken server \S+ failed: invalid_token: token is expired by \d+s \(HTTP 401\)\n/,
    );
  });

  it('token check beside a valid explicit token: exit 0, the spent mytoken says why', async () => {
    const mytoken = await mint({ usesAt: 0 });
    const r = await fedcloud(mytoken, ['token', 'check'], { OIDC_ACCESS_TOKEN: sb.token });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2).join('\n')).toMatch(
      /^Token is valid until \S+ \S+ UTC\nToken expires in \d+ seconds$/,
    );
    expect(lines).toContain('Token sources, in the order fedcloud asks them:');
    expect(r.stdout).toMatch(
      /\n {2}access token \(OIDC_ACCESS_TOKEN\): valid until \S+ \S+ UTC, expires in \d+ seconds, in use\n/,
    );
    expect(r.stdout).toContain(
      `\n  mytoken (FEDCLOUD_MYTOKEN) at ${sb.sandbox.mytokenUrl}: failed: the mytoken may give no more access tokens now`,
    );
    expect(r.stdout).not.toContain(sb.token);
  });
});
