import { OpenStackError } from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import { describe, expect, it } from 'vitest';
import { httpContext, withHttpContext } from './openstack-error.js';

describe('OpenStack errors as the CLI shows them', () => {
  it('a raw HTTP failure gets its status and request id in the message', () => {
    const raw = new OpenStackError('HTTP_SERVER_ERROR', 'boom (compute GET /servers → 500)', {
      status: 500,
      requestId: 'req-1',
    });
    const shown = withHttpContext(raw);
    expect(shown.code).toBe('OPENSTACK_ERROR');
    expect(shown.message).toBe('boom (compute GET /servers → 500) (HTTP 500) (Request-ID: req-1)');
    expect(shown.cause).toBe(raw);
  });

  it('a failure without a status, or an error already mapped, keeps its message', () => {
    const net = withHttpContext(new OpenStackError('NETWORK_ERROR', 'ECONNREFUSED'));
    expect([net.code, net.message]).toEqual(['SITE_UNREACHABLE', 'ECONNREFUSED']);
    const mapped = new FedcloudError('NOT_FOUND', 'no server', {
      cause: new OpenStackError('HTTP_NOT_FOUND', 'no server', { status: 404 }),
    });
    expect(withHttpContext(mapped)).toBe(mapped);
    expect(httpContext(mapped)).toBe(' (HTTP 404)');
  });

  it('an aborted call or an AbortSignal timeout is the site’s timeout', () => {
    expect(withHttpContext(new OpenStackError('ABORTED', 'was aborted')).code).toBe('SITE_TIMEOUT');
    expect(withHttpContext(new DOMException('late', 'TimeoutError')).code).toBe('SITE_TIMEOUT');
    expect(withHttpContext(new TypeError('x is undefined')).code).toBe('INTERNAL');
  });
});
