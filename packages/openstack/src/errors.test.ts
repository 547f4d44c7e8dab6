import { describe, expect, it } from 'vitest';
import { OpenStackError, codeForStatus } from './errors.js';
import { request } from './request.js';
import { empty, fakeFetch, json, text } from './testing/fake-fetch.js';

async function failure(response: () => Response, service = 'compute'): Promise<OpenStackError> {
  const { fetch } = fakeFetch(response);
  const error = await request({ fetch }, { url: 'https://api.example.org/x/y', service }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenStackError);
  return error as OpenStackError;
}

describe('OpenStackError from real error bodies', () => {
  it('Keystone 401 → HTTP_UNAUTHORIZED with the message and title', async () => {
    const error = await failure(
      () =>
        json(
          401,
          {
            error: {
              code: 401,
              message: 'The request you have made requires authentication.',
              title: 'Unauthorized',
            },
          },
          { 'x-openstack-request-id': 'req-k1' },
        ),
      'identity',
    );
    expect(error.code).toBe('HTTP_UNAUTHORIZED');
    expect(error.status).toBe(401);
    expect(error.fault).toBe('Unauthorized');
    expect(error.requestId).toBe('req-k1');
    expect(error.message).toContain('The request you have made requires authentication.');
  });

  it('Nova itemNotFound → HTTP_NOT_FOUND, compute request id', async () => {
    const error = await failure(() =>
      json(
        404,
        { itemNotFound: { code: 404, message: 'Instance 9a1c could not be found.' } },
        {
          'x-compute-request-id': 'req-n1',
        },
      ),
    );
    expect(error.code).toBe('HTTP_NOT_FOUND');
    expect(error.fault).toBe('itemNotFound');
    expect(error.requestId).toBe('req-n1');
    expect(error.message).toMatch(
      /^Instance 9a1c could not be found\. \(compute GET https:\/\/api\.example\.org\/x\/y → 404\)$/,
    );
    expect(error.body).toEqual({
      itemNotFound: { code: 404, message: 'Instance 9a1c could not be found.' },
    });
  });

  it('Nova overLimit 413 and 429 → HTTP_OVER_LIMIT; forbidden quota → HTTP_FORBIDDEN', async () => {
    expect(
      (await failure(() => json(413, { overLimit: { code: 413, message: 'Quota exceeded' } })))
        .code,
    ).toBe('HTTP_OVER_LIMIT');
    expect(
      (await failure(() => json(429, { overLimit: { code: 429, message: 'slow down' } }))).code,
    ).toBe('HTTP_OVER_LIMIT');
    const forbidden = await failure(() =>
      json(403, {
        forbidden: {
          code: 403,
          message: 'Quota exceeded for cores: Requested 8, but already used 16 of 20 cores',
        },
      }),
    );
    expect(forbidden.code).toBe('HTTP_FORBIDDEN');
    expect(forbidden.message).toContain('Quota exceeded for cores');
  });

  it('Cinder badRequest → HTTP_BAD_REQUEST', async () => {
    const error = await failure(
      () =>
        json(400, {
          badRequest: { code: 400, message: 'Invalid input received: size must be > 0' },
        }),
      'volumev3',
    );
    expect(error.code).toBe('HTTP_BAD_REQUEST');
    expect(error.service).toBe('volumev3');
    expect(error.message).toContain('Invalid input received: size must be > 0');
  });

  it('Neutron SecurityGroupRuleExists → HTTP_CONFLICT', async () => {
    const error = await failure(
      () =>
        json(409, {
          NeutronError: {
            type: 'SecurityGroupRuleExists',
            message: 'Security group rule already exists. Rule id is r1.',
            detail: '',
          },
        }),
      'network',
    );
    expect(error.code).toBe('HTTP_CONFLICT');
    expect(error.fault).toBe('SecurityGroupRuleExists');
    expect(error.message).toContain('Security group rule already exists.');
  });

  it('Glance HTML 404 → tags stripped', async () => {
    const error = await failure(
      () =>
        text(
          404,
          '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID i-1<br /><br />\n </body>\n</html>',
          'text/html; charset=UTF-8',
        ),
      'image',
    );
    expect(error.code).toBe('HTTP_NOT_FOUND');
    expect(error.message).toMatch(/^404 Not Found No image found with ID i-1 \(image GET/);
  });

  it('empty 502 → HTTP_SERVER_ERROR with the status text', async () => {
    const error = await failure(
      () => new Response(null, { status: 502, statusText: 'Bad Gateway' }),
    );
    expect(error.code).toBe('HTTP_SERVER_ERROR');
    expect(error.message).toMatch(/^Bad Gateway \(/);
    expect(error.body).toBeUndefined();
  });

  it('maps statuses to stable codes', () => {
    expect([400, 401, 403, 404, 409, 413, 429, 500, 503, 418].map(codeForStatus)).toEqual([
      'HTTP_BAD_REQUEST',
      'HTTP_UNAUTHORIZED',
      'HTTP_FORBIDDEN',
      'HTTP_NOT_FOUND',
      'HTTP_CONFLICT',
      'HTTP_OVER_LIMIT',
      'HTTP_OVER_LIMIT',
      'HTTP_SERVER_ERROR',
      'HTTP_SERVER_ERROR',
      'HTTP_ERROR',
    ]);
    expect(empty(204).status).toBe(204);
  });
});
