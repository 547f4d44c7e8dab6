import type { Transport } from '@fedcloud/openstack';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { FedcloudError, isFedcloudError } from '../errors.js';
import { createTokenProvider } from './token-provider.js';
import type { TokenOptions } from './types.js';

const key = new TextEncoder().encode('unit-test-key-that-is-long-enough-000');
const NOW = new Date('2025-01-01T00:00:00Z');
const now = () => NOW;
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

function jwt(expiresInSeconds: number, claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({
    iss: 'https://issuer.example',
    sub: 'user',
    exp: epoch(NOW) + expiresInSeconds,
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .sign(key);
}

/** A mytoken server in a fetch function: no sockets, counts the minting calls. */
function fakeMytoken(mint: () => Promise<Response>): { transport: Transport; calls: () => number } {
  let calls = 0;
  const fetchFn = (async (url: string) => {
    if (url.endsWith('/.well-known/mytoken-configuration')) {
      return new Response('not found', { status: 404 });
    }
    calls += 1;
    return mint();
  }) as typeof fetch;
  return { transport: { fetch: fetchFn }, calls: () => calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const noNetwork: Transport = {
  fetch: () => Promise.reject(new Error('no network in unit tests')),
};

async function failure(promise: Promise<unknown>): Promise<FedcloudError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isFedcloudError(error)) throw new Error(`expected a FedcloudError, got ${String(error)}`);
  return error;
}

function catchSync(fn: () => unknown): FedcloudError {
  try {
    fn();
  } catch (error) {
    if (isFedcloudError(error)) return error;
    throw error;
  }
  throw new Error('expected a FedcloudError');
}

describe('createTokenProvider: which source', () => {
  it('prefers the explicit token, then mytoken, then oidc-agent, then the refresh token', () => {
    const all: TokenOptions = {
      accessToken: 'opaque-access-token',
      mytoken: 'mt',
      oidcAgentAccount: 'egi',
      oidcAgentSocket: '/nowhere',
      refreshToken: 'rt',
      clientId: 'cid',
      issuer: 'https://issuer.example',
    };
    const kind = (options: TokenOptions) =>
      createTokenProvider(options, { transport: noNetwork, now }).kind;
    expect(kind(all)).toBe('access-token');
    expect(kind({ ...all, accessToken: undefined })).toBe('mytoken');
    expect(kind({ ...all, accessToken: undefined, mytoken: undefined })).toBe('oidc-agent');
    expect(
      kind({ ...all, accessToken: undefined, mytoken: undefined, oidcAgentAccount: undefined }),
    ).toBe('refresh-token');
  });

  it('uses mytoken before oidc-agent when both are set', async () => {
    const token = await jwt(3600);
    const server = fakeMytoken(async () => json({ access_token: token, expires_in: 3600 }));
    const provider = createTokenProvider(
      {
        mytoken: 'mt-0123456789',
        mytokenServer: 'https://mytoken.example',
        oidcAgentAccount: 'egi',
      },
      { transport: server.transport, now },
    );
    expect(await provider.getAccessToken()).toBe(token);
    expect(server.calls()).toBe(1);
  });

  it('falls through to the next source when one fails, as fedcloudclient does', async () => {
    const server = fakeMytoken(async () => json({ error: 'invalid_token' }, 401));
    // oidc-agent with no socket fails too; the first source's error is the one reported.
    const provider = createTokenProvider(
      {
        mytoken: 'mt-0123456789',
        mytokenServer: 'https://mytoken.example',
        oidcAgentAccount: 'egi',
      },
      { transport: server.transport, now },
    );
    const error = await failure(provider.getAccessToken());
    expect(error.code).toBe('MYTOKEN_FAILED');
  });

  it('throws TOKEN_MISSING with a hint when nothing is configured', () => {
    const error = catchSync(() => createTokenProvider({}, { transport: noNetwork }));
    expect(error.code).toBe('TOKEN_MISSING');
    for (const name of [
      'OIDC_ACCESS_TOKEN',
      'FEDCLOUD_MYTOKEN',
      'OIDC_AGENT_ACCOUNT',
      'OIDC_REFRESH_TOKEN',
    ]) {
      expect(error.hint).toContain(name);
    }
    expect(error.hint).toContain('fedcloud token issue');
    expect(error.hint).toContain('oidc-agent');
    // The server default alone is not a source.
    expect(() =>
      createTokenProvider(
        { mytokenServer: 'https://mytoken.data.kit.edu' },
        { transport: noNetwork },
      ),
    ).toThrow(FedcloudError);
  });

  it('rejects half-configured refresh tokens and plain-http issuers elsewhere than loopback', () => {
    expect(
      catchSync(() => createTokenProvider({ refreshToken: 'rt' }, { transport: noNetwork })).code,
    ).toBe('USAGE');
    const http = (issuer: string) => () =>
      createTokenProvider({ refreshToken: 'rt', clientId: 'c', issuer }, { transport: noNetwork });
    expect(catchSync(http('http://issuer.example')).code).toBe('USAGE');
    expect(catchSync(http('not a url')).code).toBe('USAGE');
    expect(http('http://127.0.0.1:8080')).not.toThrow();
    expect(http('http://localhost:8080/realms/x')).not.toThrow();
  });
});

describe('createTokenProvider: explicit access token', () => {
  it('hands out a valid explicit token as is, and an opaque one too', async () => {
    const token = await jwt(3600);
    const provider = createTokenProvider({ accessToken: token }, { transport: noNetwork, now });
    expect(provider.refreshable).toBe(false);
    expect(await provider.getAccessToken()).toBe(token);
    const opaque = createTokenProvider(
      { accessToken: 'opaque-abc' },
      { transport: noNetwork, now },
    );
    expect(await opaque.getAccessToken({ minValidSeconds: 1e9 })).toBe('opaque-abc');
  });

  it('gives TOKEN_EXPIRED with a hint for an expired or nearly expired token alone', async () => {
    const expired = await jwt(-5);
    const error = await failure(
      createTokenProvider({ accessToken: expired }, { transport: noNetwork, now }).getAccessToken(),
    );
    expect(error.code).toBe('TOKEN_EXPIRED');
    expect(error.message).toBe('The access token has expired');
    expect(error.hint).toContain('https://aai.egi.eu/fedcloud/');
    for (const name of ['OIDC_AGENT_ACCOUNT', 'FEDCLOUD_MYTOKEN', 'OIDC_REFRESH_TOKEN']) {
      expect(error.hint).toContain(name);
    }

    const nearly = createTokenProvider(
      { accessToken: await jwt(20) },
      { transport: noNetwork, now },
    );
    expect((await failure(nearly.getAccessToken())).code).toBe('TOKEN_EXPIRED');
    // 20 s left is enough for a caller asking for 10.
    expect(await nearly.getAccessToken({ minValidSeconds: 10 })).toBeTruthy();
  });

  it('says TOKEN_INVALID when a refresh token is given as access token', async () => {
    const refresh = await jwt(3600 * 24 * 365, { typ: 'Refresh' });
    const error = catchSync(() =>
      createTokenProvider({ accessToken: refresh }, { transport: noNetwork, now }),
    );
    expect(error.code).toBe('TOKEN_INVALID');
    expect(error.hint).toContain('OIDC_REFRESH_TOKEN');
  });

  it('is replaced by the renewable source near its expiry, then the renewed one is kept', async () => {
    const explicit = await jwt(10);
    const renewed = await jwt(3600);
    const server = fakeMytoken(async () => json({ access_token: renewed }));
    const provider = createTokenProvider(
      { accessToken: explicit, mytoken: 'mt-0123456789', mytokenServer: 'https://m.example' },
      { transport: server.transport, now },
    );
    expect(provider.kind).toBe('access-token');
    expect(provider.refreshable).toBe(true);
    expect(await provider.getAccessToken({ minValidSeconds: 5 })).toBe(explicit);
    expect(server.calls()).toBe(0);
    expect(await provider.getAccessToken()).toBe(renewed);
    expect(await provider.getAccessToken()).toBe(renewed);
    expect(server.calls()).toBe(1);
  });
});

describe('createTokenProvider: renewal', () => {
  it('makes ONE renewal for 20 concurrent callers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const token = await jwt(3600);
    const server = fakeMytoken(async () => {
      await gate;
      return json({ access_token: token });
    });
    const provider = createTokenProvider(
      { mytoken: 'mt-0123456789', mytokenServer: 'https://m.example' },
      { transport: server.transport, now },
    );
    const callers = Array.from({ length: 20 }, () => provider.getAccessToken());
    release();
    expect(new Set(await Promise.all(callers))).toEqual(new Set([token]));
    expect(server.calls()).toBe(1);
  });

  it('renews again after a failed renewal instead of caching the failure', async () => {
    const token = await jwt(3600);
    let fail = true;
    const server = fakeMytoken(async () =>
      fail ? json({ error: 'temporarily_unavailable' }, 503) : json({ access_token: token }),
    );
    const provider = createTokenProvider(
      { mytoken: 'mt-0123456789', mytokenServer: 'https://m.example' },
      { transport: server.transport, now },
    );
    expect((await failure(provider.getAccessToken())).code).toBe('MYTOKEN_FAILED');
    fail = false;
    expect(await provider.getAccessToken()).toBe(token);
  });

  it('uses expires_in for opaque renewed tokens', async () => {
    let count = 0;
    const server = fakeMytoken(async () =>
      json({ access_token: `opaque-${++count}`, expires_in: 60 }),
    );
    const provider = createTokenProvider(
      { mytoken: 'mt-0123456789', mytokenServer: 'https://m.example' },
      { transport: server.transport, now },
    );
    expect(await provider.getAccessToken()).toBe('opaque-1');
    expect(await provider.getAccessToken({ minValidSeconds: 59 })).toBe('opaque-1');
    expect(await provider.getAccessToken({ minValidSeconds: 61 })).toBe('opaque-2');
  });

  it('lets one caller give up through its signal without cancelling the shared renewal', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const token = await jwt(3600);
    const server = fakeMytoken(async () => {
      await gate;
      return json({ access_token: token });
    });
    const provider = createTokenProvider(
      { mytoken: 'mt-0123456789', mytokenServer: 'https://m.example' },
      { transport: server.transport, now },
    );
    const controller = new AbortController();
    const impatient = provider.getAccessToken({ signal: controller.signal });
    const patient = provider.getAccessToken();
    controller.abort(new Error('user pressed ^C'));
    await expect(impatient).rejects.toThrow('user pressed ^C');
    release();
    expect(await patient).toBe(token);
    expect(server.calls()).toBe(1);
  });
});

describe('no token value in errors', () => {
  it('keeps explicit, mytoken and refresh-token values out of messages and JSON', async () => {
    const expired = await jwt(-100);
    const mytoken = 'mt-secret-value-0123456789';
    const server = fakeMytoken(async () =>
      json({ error: 'invalid_token', error_description: `unknown mytoken ${mytoken}` }, 401),
    );
    const errors: FedcloudError[] = [
      await failure(
        createTokenProvider(
          { accessToken: expired },
          { transport: noNetwork, now },
        ).getAccessToken(),
      ),
      await failure(
        createTokenProvider(
          { accessToken: expired, mytoken, mytokenServer: 'https://m.example' },
          { transport: server.transport, now },
        ).getAccessToken(),
      ),
      catchSync(() =>
        createTokenProvider(
          { refreshToken: 'rt-secret-value-0123456789' },
          { transport: noNetwork },
        ),
      ),
    ];
    for (const error of errors) {
      const text = [
        error.message,
        error.hint,
        JSON.stringify(error),
        JSON.stringify(error.details),
        String(error.cause),
      ].join(' ');
      for (const secret of [expired, mytoken, 'rt-secret-value-0123456789']) {
        expect(text).not.toContain(secret);
      }
    }
  });
});

/** An OIDC issuer for the refresh-token source in a fetch function: discovery and a token. */
function fakeIssuer(tokens: () => Promise<string>): Transport {
  const issuer = 'https://issuer.example';
  const fetchFn = (async (url: string) => {
    if (url === `${issuer}/.well-known/openid-configuration`) {
      return json({ issuer, token_endpoint: `${issuer}/token` });
    }
    if (url === `${issuer}/token`) {
      return json({ access_token: await tokens(), token_type: 'Bearer', expires_in: 3600 });
    }
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { fetch: fetchFn };
}

/** One transport for a mytoken server at https://m.example and the issuer above. */
function both(mytoken: ReturnType<typeof fakeMytoken>, issuer: Transport): Transport {
  return {
    fetch: ((url: string, init?: RequestInit) =>
      url.startsWith('https://m.example')
        ? mytoken.transport.fetch!(url, init)
        : issuer.fetch!(url, init)) as typeof fetch,
  };
}

describe('createTokenProvider: strict minimum validity (token issue --min-valid)', () => {
  it('hands out the explicit token when it has that long left, and refuses it otherwise', async () => {
    const explicit = await jwt(700);
    const provider = createTokenProvider({ accessToken: explicit }, { transport: noNetwork, now });
    expect(await provider.getAccessToken({ minValidSeconds: 600, strict: true })).toBe(explicit);
    const error = await failure(provider.getAccessToken({ minValidSeconds: 800, strict: true }));
    expect(error.code).toBe('TOKEN_EXPIRED');
    expect(error.message).toBe(
      'No token source gives a token valid for 800 seconds: access token (OIDC_ACCESS_TOKEN) expires in 700 seconds',
    );
    for (const name of ['OIDC_AGENT_ACCOUNT', 'FEDCLOUD_MYTOKEN', 'OIDC_REFRESH_TOKEN']) {
      expect(error.hint).toContain(name);
    }
  });

  it('renews from mytoken when the explicit token has less left, and refuses a renewed token shorter than asked', async () => {
    const explicit = await jwt(100);
    const renewed = await jwt(3600);
    const server = fakeMytoken(async () => json({ access_token: renewed }));
    const provider = createTokenProvider(
      { accessToken: explicit, mytoken: 'mt-0123456789', mytokenServer: 'https://m.example' },
      { transport: server.transport, now },
    );
    expect(await provider.getAccessToken({ minValidSeconds: 600, strict: true })).toBe(renewed);
    expect(server.calls()).toBe(1);
    // Kept while it has enough left: no second request.
    expect(await provider.getAccessToken({ minValidSeconds: 3600, strict: true })).toBe(renewed);
    expect(server.calls()).toBe(1);

    // 7200 s is more than the 3600 s the server's tokens live: asked once more, then refused.
    const error = await failure(provider.getAccessToken({ minValidSeconds: 7200, strict: true }));
    expect(server.calls()).toBe(2);
    expect(error.code).toBe('TOKEN_EXPIRED');
    expect(error.message).toBe(
      'No token source gives a token valid for 7200 seconds: access token (OIDC_ACCESS_TOKEN) expires in 100 seconds; ' +
        'mytoken (FEDCLOUD_MYTOKEN) at https://m.example gave a new token that expires in 3600 seconds',
    );
    expect(error.hint).toMatch(/live shorter than that: ask for less/);
    // Without strict the best a source can give is handed out, as every other command wants.
    expect(await provider.getAccessToken({ minValidSeconds: 7200 })).toBe(renewed);
  });

  it('goes on to the next source when the first gives too short a token', async () => {
    const short = await jwt(300);
    const long = await jwt(3600);
    const mytoken = fakeMytoken(async () => json({ access_token: short }));
    const provider = createTokenProvider(
      {
        mytoken: 'mt-0123456789',
        mytokenServer: 'https://m.example',
        refreshToken: 'rt-0123456789',
        clientId: 'fedcloud-cli',
        issuer: 'https://issuer.example',
      },
      {
        transport: both(
          mytoken,
          fakeIssuer(async () => long),
        ),
        now,
      },
    );
    expect(await provider.getAccessToken({ minValidSeconds: 600, strict: true })).toBe(long);
    expect(mytoken.calls()).toBe(1);
  });

  it('says what each source gave when an expired explicit token meets a failing mytoken', async () => {
    const server = fakeMytoken(async () => json({ error: 'invalid_token' }, 401));
    const provider = createTokenProvider(
      {
        accessToken: await jwt(-5),
        mytoken: 'mt-secret-0123456789',
        mytokenServer: 'https://m.example',
      },
      { transport: server.transport, now },
    );
    const error = await failure(provider.getAccessToken({ minValidSeconds: 600, strict: true }));
    expect(error.code).toBe('TOKEN_EXPIRED');
    // NOW is 2025-01-01T00:00:00Z; the token expired 5 s before.
    expect(error.message).toBe(
      'No token source gives a token valid for 600 seconds: access token (OIDC_ACCESS_TOKEN) expired at 2024-12-31 23:59:55 UTC; ' +
        'mytoken (FEDCLOUD_MYTOKEN) at https://m.example failed: the mytoken is revoked, expired, or not one of this server: ' +
        'the mytoken server https://m.example failed: invalid_token (HTTP 401)',
    );
    expect(error.message).not.toContain('mt-secret-0123456789');
  });

  it("gives the first source's own error when every source failed", async () => {
    const server = fakeMytoken(async () => json({ error: 'invalid_token' }, 401));
    const provider = createTokenProvider(
      { mytoken: 'mt-0123456789', mytokenServer: 'https://m.example', oidcAgentAccount: 'egi' },
      { transport: server.transport, now },
    );
    const error = await failure(provider.getAccessToken({ minValidSeconds: 600, strict: true }));
    expect(error.code).toBe('MYTOKEN_FAILED');
    expect(error.hint).toContain('FEDCLOUD_MYTOKEN');
  });
});

describe('createTokenProvider: checkSources (token check)', () => {
  it('asks every configured source once, in order, and says what each gave or why not', async () => {
    const explicit = await jwt(120);
    const minted = await jwt(3600);
    const server = fakeMytoken(async () => json({ access_token: minted }));
    const provider = createTokenProvider(
      {
        accessToken: explicit,
        mytoken: 'mt-0123456789',
        mytokenServer: 'https://m.example/',
        oidcAgentAccount: 'egi',
      },
      { transport: server.transport, now },
    );
    const checks = await provider.checkSources!();
    expect(checks.map(({ error, ...rest }) => ({ ...rest, error: error?.code }))).toEqual([
      {
        kind: 'access-token',
        label: 'access token (OIDC_ACCESS_TOKEN)',
        renewable: false,
        accessToken: explicit,
        expiresAt: new Date(NOW.getTime() + 120_000),
        error: undefined,
      },
      {
        kind: 'mytoken',
        label: 'mytoken (FEDCLOUD_MYTOKEN) at https://m.example',
        renewable: true,
        accessToken: minted,
        expiresAt: new Date(NOW.getTime() + 3_600_000),
        error: undefined,
      },
      {
        kind: 'oidc-agent',
        label: 'oidc-agent account "egi" (OIDC_AGENT_ACCOUNT)',
        renewable: true,
        error: 'OIDC_AGENT_FAILED',
      },
    ]);
    expect(checks[2]?.error?.message).toBe(
      'OIDC_AGENT_ACCOUNT is set to "egi" but OIDC_SOCK is not: is oidc-agent running?',
    );
    expect(server.calls()).toBe(1);
  });
});

describe('mytoken refusals in words', () => {
  const provider = (status: number, body: unknown) =>
    createTokenProvider(
      { mytoken: 'mt-secret-0123456789', mytokenServer: 'https://m.example' },
      { transport: fakeMytoken(async () => json(body, status)).transport, now },
    );

  it('a revoked mytoken (the server says only invalid_token)', async () => {
    const error = await failure(provider(401, { error: 'invalid_token' }).getAccessToken());
    expect(error.code).toBe('MYTOKEN_FAILED');
    expect(error.message).toBe(
      'the mytoken is revoked, expired, or not one of this server: the mytoken server https://m.example failed: invalid_token (HTTP 401)',
    );
    expect(error.hint).toContain('FEDCLOUD_MYTOKEN');
    expect(error.details).toMatchObject({ status: 401, error: 'invalid_token' });
  });

  it('a mytoken out of uses (usage_restricted)', async () => {
    const error = await failure(
      provider(403, {
        error: 'usage_restricted',
        error_description: 'The restrictions of this token does not allow this usage',
      }).getAccessToken(),
    );
    expect(error.code).toBe('MYTOKEN_FAILED');
    expect(error.message).toBe(
      'the mytoken may give no more access tokens now: its restrictions (number of uses, time, scope) allow none: ' +
        'the mytoken server https://m.example failed: usage_restricted: The restrictions of this token does not allow this usage (HTTP 403)',
    );
    expect(error.hint).toMatch(/more uses or a longer life/);
  });

  it('other refusals as the server words them', async () => {
    const error = await failure(
      provider(400, {
        error: 'oidc_error',
        error_description: 'invalid_grant: gone',
      }).getAccessToken(),
    );
    expect(error.message).toBe(
      'the mytoken server https://m.example failed: oidc_error: invalid_grant: gone (HTTP 400)',
    );
  });
});
