import { describe, expect, it } from 'vitest';
import { parseErrorBody } from './error-body.js';

describe('parseErrorBody', () => {
  it('reads Keystone {"error": {code, message, title}}', () => {
    expect(
      parseErrorBody({
        error: {
          code: 401,
          message: 'The request you have made requires authentication.',
          title: 'Unauthorized',
        },
      }),
    ).toEqual({
      message: 'The request you have made requires authentication.',
      fault: 'Unauthorized',
    });
  });

  it('reads a Nova/Cinder fault under any single key', () => {
    expect(
      parseErrorBody({ itemNotFound: { code: 404, message: 'Instance abc could not be found.' } }),
    ).toEqual({
      message: 'Instance abc could not be found.',
      fault: 'itemNotFound',
    });
    expect(
      parseErrorBody({ overLimit: { code: 413, message: 'Quota exceeded', retryAfter: '0' } }),
    ).toEqual({
      message: 'Quota exceeded',
      fault: 'overLimit',
    });
  });

  it('reads Neutron {"NeutronError": {type, message, detail}}', () => {
    expect(
      parseErrorBody({
        NeutronError: {
          type: 'NetworkNotFound',
          message: 'Network n1 could not be found.',
          detail: '',
        },
      }),
    ).toEqual({ message: 'Network n1 could not be found.', fault: 'NetworkNotFound' });
  });

  it('strips the HTML of a Glance error page', () => {
    const html =
      '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID i-1<br /><br />\n\n </body>\n</html>';
    expect(parseErrorBody(html)).toEqual({ message: '404 Not Found No image found with ID i-1' });
  });

  it('collapses a Glance text/plain error', () => {
    expect(
      parseErrorBody(
        '409 Conflict\n\nImage status transition from active to saving is not allowed\n\n   ',
      ),
    ).toEqual({
      message: '409 Conflict Image status transition from active to saving is not allowed',
    });
  });

  it('reads API-WG {"errors": [...]} and JSON sent as text', () => {
    expect(
      parseErrorBody({
        errors: [{ status: 404, title: 'Not Found', detail: 'No resource provider' }],
      }),
    ).toEqual({
      message: 'No resource provider',
      fault: 'Not Found',
    });
    expect(
      parseErrorBody('{"badRequest": {"code": 400, "message": "Invalid volume size"}}'),
    ).toEqual({
      message: 'Invalid volume size',
      fault: 'badRequest',
    });
  });

  it('finds nothing in an empty or unknown body', () => {
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody({ a: 1, b: 2 })).toEqual({});
    expect(parseErrorBody(null)).toEqual({});
  });
});
