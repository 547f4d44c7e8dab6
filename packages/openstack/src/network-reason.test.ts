import { describe, expect, it } from 'vitest';
import { networkCause, networkReason } from './network-reason.js';

const refused = (message: string): Error =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error(message), { code: 'ECONNREFUSED' }),
  });

describe('networkReason', () => {
  it('keeps the message alone when it already names the code', () => {
    expect(networkReason(refused('connect ECONNREFUSED 127.0.0.1:5000'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:5000',
    );
  });

  it('puts the code in front of a message that does not name it', () => {
    expect(networkReason(refused('refused'))).toBe('ECONNREFUSED: refused');
  });

  it('reads the first error of an AggregateError (Happy Eyeballs)', () => {
    const error = new TypeError('fetch failed', {
      cause: new AggregateError([
        Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT' }),
        new Error('second'),
      ]),
    });
    expect(networkCause(error)).toEqual({
      code: 'ETIMEDOUT',
      message: 'connect ETIMEDOUT 10.0.0.1:443',
    });
  });

  it('falls back to the error itself, or the thrown value as text', () => {
    expect(networkReason(new Error('socket hang up'))).toBe('socket hang up');
    expect(networkCause('boom')).toEqual({ code: undefined, message: 'boom' });
  });
});
