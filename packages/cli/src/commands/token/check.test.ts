import { describe, expect, it } from 'vitest';
import { describeExpiry, formatUtc, renderTokenCheck } from './check.js';

function capture() {
  let text = '';
  return { stdout: { write: (t: string) => ((text += t), true) }, text: () => text };
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
      expiresAt: new Date('2030-01-01T00:00:00Z'),
      secondsLeft: 120,
      issuer: 'x',
    });
    expect(out.text()).toBe(
      'Token is valid until 2030-01-01 00:00:00 UTC\nToken expires in 120 seconds\n',
    );
  });

  it('fails under 30 s left with TOKEN_EXPIRED', () => {
    const out = capture();
    expect(() =>
      renderTokenCheck(out as never, { expiresAt: new Date(), secondsLeft: 29, issuer: 'x' }),
    ).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
  });
});
