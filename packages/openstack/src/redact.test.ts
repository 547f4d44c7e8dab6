import { inspect } from 'node:util';
import { Headers as UndiciHeaders } from 'undici';
import { describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { OpenStackError } from './errors.js';
import { redactHeaders, redactUrl } from './redact.js';
import { request } from './request.js';
import { fakeFetch, json, scopedAuth } from './testing/fake-fetch.js';

const TOKEN = 'gAAAAABsecret-token-value-1234567890';
const SUBJECT = 'gAAAAABsubject-token-value-0987654321';
const BEARER = 'eyJhbGciOiJSUzI1NiJ9.secret-access-token.sig';

function everyRendering(error: unknown): string[] {
  const err = error as OpenStackError;
  return [
    String(err),
    err.message,
    JSON.stringify(err),
    inspect(err, { depth: Infinity, showHidden: true }),
    err.stack ?? '',
  ];
}

describe('credentials never reach an error', () => {
  it('X-Auth-Token, X-Subject-Token and echoed token ids are redacted everywhere', async () => {
    const { fetch } = fakeFetch(() =>
      json(
        404,
        { error: { code: 404, message: `Could not find token: ${SUBJECT}.`, title: 'Not Found' } },
        { 'X-Subject-Token': SUBJECT, 'X-Auth-Token': TOKEN },
      ),
    );
    const error = await request(
      { fetch },
      {
        url: `https://keystone.example.org/v3/auth/tokens?token=${TOKEN}&nocatalog=1`,
        token: TOKEN,
        headers: { 'X-Subject-Token': SUBJECT },
        service: 'identity',
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenStackError);
    for (const rendering of everyRendering(error)) {
      expect(rendering).not.toContain(TOKEN);
      expect(rendering).not.toContain(SUBJECT);
    }
    const err = error as OpenStackError;
    expect(err.message).toContain('Could not find token: <redacted>.');
    expect(err.url).toContain('token=%3Credacted%3E');
    expect(err.url).toContain('nocatalog=1');
    expect(err.headers?.['x-subject-token']).toBe('<redacted>');
  });

  it('a Bearer access token is redacted from a failed federated call', async () => {
    const { fetch } = fakeFetch(() =>
      json(401, {
        error: { code: 401, message: `invalid bearer ${BEARER}`, title: 'Unauthorized' },
      }),
    );
    const error = await request(
      { fetch },
      {
        method: 'POST',
        url: 'https://keystone.example.org/v3/OS-FEDERATION/x',
        headers: { Authorization: `Bearer ${BEARER}` },
      },
    ).catch((e: unknown) => e);
    for (const rendering of everyRendering(error)) expect(rendering).not.toContain(BEARER);
  });

  it('the token is redacted from network errors and client errors', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    });
    const client = createClient({ transport: { fetch }, auth: scopedAuth({ token: TOKEN }) });
    const error = await client
      .request('compute', `/servers?access_token=${TOKEN}`)
      .catch((e: unknown) => e);
    expect((error as OpenStackError).code).toBe('NETWORK_ERROR');
    for (const rendering of everyRendering(error)) expect(rendering).not.toContain(TOKEN);
  });

  it('helpers redact by header name and query parameter name', () => {
    expect(
      redactHeaders({
        'X-Auth-Token': 'a',
        Authorization: 'b',
        'X-Vault-Token': 'hvs.x',
        'Content-Type': 'c',
      }),
    ).toEqual({
      'x-auth-token': '<redacted>',
      authorization: '<redacted>',
      'x-vault-token': '<redacted>',
      'content-type': 'c',
    });
    // undici's own Headers class (responses of the transport's fetch) is not the global one.
    const undiciHeaders = new UndiciHeaders({
      'X-Subject-Token': 'a',
      'WWW-Authenticate': 'Bearer',
    });
    expect(redactHeaders(undiciHeaders as unknown as Headers)).toEqual({
      'x-subject-token': '<redacted>',
      'www-authenticate': 'Bearer',
    });
    expect(redactUrl('https://u:pw@h/p?password=x&limit=2')).toBe(
      'https://u:%3Credacted%3E@h/p?password=%3Credacted%3E&limit=2',
    );
  });
});
