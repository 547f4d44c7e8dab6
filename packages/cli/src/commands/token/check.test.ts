import { FedcloudError, type TokenProvider, type TokenSourceCheck } from '@fedcloud/sdk';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime.js';
import {
  checkToken,
  describeExpiry,
  formatUtc,
  renderTokenCheck,
  renderTokenCheckJson,
  type TokenCheckReport,
} from './check.js';
import { issueToken, parseMinValid } from './issue.js';

// 2030-01-01T00:00:00Z: every expiry below is NOW plus a whole number of seconds.
const NOW = new Date('2030-01-01T00:00:00Z');
const now = () => NOW;
const ISSUER = 'https://issuer.example';

function capture() {
  let text = '';
  return { stdout: { write: (t: string) => ((text += t), true) }, text: () => text };
}

/** A JWT-shaped token expiring `seconds` after NOW (signature never checked offline). */
function jwt(seconds: number, sub = 'alice'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = NOW.getTime() / 1000 + seconds;
  return `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part({ iss: ISSUER, sub, exp })}.c2ln`;
}

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

const explicit = (seconds: number): TokenSourceCheck => ({
  kind: 'access-token',
  label: 'access token (OIDC_ACCESS_TOKEN)',
  renewable: false,
  accessToken: jwt(seconds, 'explicit'),
  expiresAt: at(seconds),
});
const agent = (seconds: number): TokenSourceCheck => ({
  kind: 'oidc-agent',
  label: 'oidc-agent account "egi" (OIDC_AGENT_ACCOUNT)',
  renewable: true,
  accessToken: jwt(seconds, 'agent'),
  expiresAt: at(seconds),
});
const agentDown: TokenSourceCheck = {
  kind: 'oidc-agent',
  label: 'oidc-agent account "egi" (OIDC_AGENT_ACCOUNT)',
  renewable: true,
  error: new FedcloudError('OIDC_AGENT_FAILED', 'oidc-agent has no account "egi" loaded'),
};
const mytokenRevoked: TokenSourceCheck = {
  kind: 'mytoken',
  label: 'mytoken (FEDCLOUD_MYTOKEN) at https://m.example',
  renewable: true,
  error: new FedcloudError(
    'MYTOKEN_FAILED',
    'the mytoken server https://m.example failed: invalid_token (HTTP 401)',
  ),
};

/** A runtime whose provider answers with `checks`; the issuer cannot be reached offline. */
function runtimeWith(checks: TokenSourceCheck[], refreshable = true) {
  const calls: unknown[] = [];
  const provider: TokenProvider = {
    kind: checks[0]?.kind ?? 'access-token',
    refreshable,
    getAccessToken: async (options) => {
      calls.push(options);
      return checks[0]?.accessToken ?? '';
    },
    checkSources: async () => {
      calls.push('checkSources');
      return checks;
    },
  };
  const runtime = {
    tokens: () => provider,
    fetch: () => Promise.reject(new Error('offline')),
  } as unknown as Runtime;
  return { runtime, calls };
}

async function textOf(report: TokenCheckReport): Promise<{ text: string; error?: unknown }> {
  const out = capture();
  try {
    renderTokenCheck(out as never, report);
    return { text: out.text() };
  } catch (error) {
    return { text: out.text(), error };
  }
}

describe('token check wording', () => {
  it('formats the expiry like fedcloudclient', () => {
    expect(formatUtc(new Date('2025-03-04T05:06:07.890Z'))).toBe('2025-03-04 05:06:07');
    expect(describeExpiry(3599)).toBe('Token expires in 3599 seconds');
    expect(describeExpiry(3 * 86400 + 5)).toBe('Token expires in 3 days');
  });

  it('prints both lines for a valid token', () => {
    const out = capture();
    renderTokenCheck(out as never, {
      token: { expiresAt: new Date('2030-01-01T00:00:00Z'), secondsLeft: 120, issuer: 'x' },
    });
    expect(out.text()).toBe(
      'Token is valid until 2030-01-01 00:00:00 UTC\nToken expires in 120 seconds\n',
    );
  });

  it('fails under 30 s left with TOKEN_EXPIRED', () => {
    const out = capture();
    expect(() =>
      renderTokenCheck(out as never, {
        token: { expiresAt: new Date(), secondsLeft: 29, issuer: 'x' },
      }),
    ).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
  });
});

describe('token check with several sources', () => {
  it('checks a lone explicit token as fedcloudclient does, without asking for the sources', async () => {
    const { runtime, calls } = runtimeWith([explicit(120)], false);
    const { text } = await textOf(await checkToken(runtime, {}, { now }));
    expect(text).toBe(
      'Token is valid until 2030-01-01 00:02:00 UTC\n' +
        'Token expires in 120 seconds\n' +
        'Signature not checked: the issuer cannot be asked: offline\n',
    );
    expect(calls).toEqual([{ minValidSeconds: 0 }]);
  });

  it('lists every source after the first lines; the explicit token is in use while it has 30 s', async () => {
    const { runtime } = runtimeWith([explicit(120), mytokenRevoked, agent(3599)]);
    const { text, error } = await textOf(await checkToken(runtime, {}, { now }));
    expect(error).toBeUndefined();
    expect(text).toBe(
      'Token is valid until 2030-01-01 00:02:00 UTC\n' +
        'Token expires in 120 seconds\n' +
        'Signature not checked: the issuer cannot be asked: offline\n' +
        'Token sources, in the order fedcloud asks them:\n' +
        '  access token (OIDC_ACCESS_TOKEN): valid until 2030-01-01 00:02:00 UTC, expires in 120 seconds, in use\n' +
        '  mytoken (FEDCLOUD_MYTOKEN) at https://m.example: failed: the mytoken server https://m.example failed: invalid_token (HTTP 401)\n' +
        '  oidc-agent account "egi" (OIDC_AGENT_ACCOUNT): valid until 2030-01-01 00:59:59 UTC, expires in 3599 seconds\n',
    );
  });

  it("describes the renewing source's token when the explicit one has under 30 s", async () => {
    const { runtime } = runtimeWith([explicit(10), agent(2 * 86400 + 7)]);
    const report = await checkToken(runtime, {}, { now });
    // 2 days and 7 s: fedcloudclient's whole days.
    expect((await textOf(report)).text).toBe(
      'Token is valid until 2030-01-03 00:00:07 UTC\n' +
        'Token expires in 2 days\n' +
        'Signature not checked: the issuer cannot be asked: offline\n' +
        'Token sources, in the order fedcloud asks them:\n' +
        '  access token (OIDC_ACCESS_TOKEN): valid until 2030-01-01 00:00:10 UTC, expires in 10 seconds\n' +
        '  oidc-agent account "egi" (OIDC_AGENT_ACCOUNT): valid until 2030-01-03 00:00:07 UTC, expires in 2 days, in use\n',
    );
  });

  it('fails with TOKEN_EXPIRED after the first line and the sources when nothing has 30 s', async () => {
    const { runtime } = runtimeWith([explicit(10), agentDown]);
    const { text, error } = await textOf(await checkToken(runtime, {}, { now }));
    expect(text).toBe(
      'Token is valid until 2030-01-01 00:00:10 UTC\n' +
        'Token sources, in the order fedcloud asks them:\n' +
        '  access token (OIDC_ACCESS_TOKEN): valid until 2030-01-01 00:00:10 UTC, expires in 10 seconds, in use\n' +
        '  oidc-agent account "egi" (OIDC_AGENT_ACCOUNT): failed: oidc-agent has no account "egi" loaded\n',
    );
    expect(error).toMatchObject({ code: 'TOKEN_EXPIRED', message: 'Expired access token.' });
  });

  it("prints the sources, then fails with the first source's error, when none gave a token", async () => {
    const { runtime } = runtimeWith([mytokenRevoked, agentDown]);
    const { text, error } = await textOf(await checkToken(runtime, {}, { now }));
    expect(text).toBe(
      'Token sources, in the order fedcloud asks them:\n' +
        '  mytoken (FEDCLOUD_MYTOKEN) at https://m.example: failed: the mytoken server https://m.example failed: invalid_token (HTTP 401)\n' +
        '  oidc-agent account "egi" (OIDC_AGENT_ACCOUNT): failed: oidc-agent has no account "egi" loaded\n',
    );
    expect(error).toBe(mytokenRevoked.error);
  });

  it('--json: one object with the token in use and every source, then the same exit status', async () => {
    const { runtime } = runtimeWith([explicit(120), mytokenRevoked, agent(3599)]);
    const out = capture();
    renderTokenCheckJson(out as never, await checkToken(runtime, {}, { json: true, now }));
    expect(JSON.parse(out.text())).toEqual({
      valid: true,
      expires_at: '2030-01-01T00:02:00.000Z',
      seconds_left: 120,
      issuer: ISSUER,
      signature: { status: 'not-checked', reason: 'the issuer cannot be asked: offline' },
      source: 'access-token',
      sources: [
        {
          source: 'access-token',
          label: 'access token (OIDC_ACCESS_TOKEN)',
          renewable: false,
          in_use: true,
          expires_at: '2030-01-01T00:02:00.000Z',
          seconds_left: 120,
          error: null,
        },
        {
          source: 'mytoken',
          label: 'mytoken (FEDCLOUD_MYTOKEN) at https://m.example',
          renewable: true,
          in_use: false,
          expires_at: null,
          seconds_left: null,
          error: {
            code: 'MYTOKEN_FAILED',
            message: 'the mytoken server https://m.example failed: invalid_token (HTTP 401)',
          },
        },
        {
          source: 'oidc-agent',
          label: 'oidc-agent account "egi" (OIDC_AGENT_ACCOUNT)',
          renewable: true,
          in_use: false,
          expires_at: '2030-01-01T00:59:59.000Z',
          seconds_left: 3599,
          error: null,
        },
      ],
    });
    // Never a token in the JSON.
    for (const check of [explicit(120), agent(3599)]) {
      expect(out.text()).not.toContain(check.accessToken);
    }
  });

  it('--json: a lone explicit token is listed as the one source; under 30 s it is not valid and exits 3', async () => {
    const { runtime, calls } = runtimeWith([explicit(20)], false);
    const out = capture();
    const report = await checkToken(runtime, {}, { json: true, now });
    expect(() => renderTokenCheckJson(out as never, report)).toThrow(
      expect.objectContaining({ code: 'TOKEN_EXPIRED' }),
    );
    const json = JSON.parse(out.text()) as Record<string, unknown>;
    expect(json).toMatchObject({ valid: false, seconds_left: 20, source: 'access-token' });
    expect(json['sources']).toHaveLength(1);
    expect(calls).toEqual(['checkSources']);
  });

  it('--json: no token from any source gives valid false, no expiry, and the first error', async () => {
    const { runtime } = runtimeWith([mytokenRevoked, agentDown]);
    const out = capture();
    const report = await checkToken(runtime, {}, { json: true, now });
    expect(() => renderTokenCheckJson(out as never, report)).toThrow(mytokenRevoked.error);
    expect(JSON.parse(out.text())).toMatchObject({
      valid: false,
      expires_at: null,
      seconds_left: null,
      issuer: null,
      signature: null,
      source: null,
    });
  });
});

describe('token issue --min-valid', () => {
  it('takes whole seconds only', () => {
    expect(parseMinValid('600')).toBe(600);
    expect(parseMinValid(' 0 ')).toBe(0);
    for (const bad of ['', '10m', '-5', '1.5', '1e3', '9999999999']) {
      expect(() => parseMinValid(bad)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
  });

  it('asks the provider strictly for that long, and as before without it', async () => {
    const { runtime, calls } = runtimeWith([agent(3599)]);
    await issueToken(runtime, {});
    await issueToken(runtime, {}, 600);
    expect(calls).toEqual([undefined, { minValidSeconds: 600, strict: true }]);
  });
});
