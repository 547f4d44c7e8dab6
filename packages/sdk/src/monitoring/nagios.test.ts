import { describe, expect, it } from 'vitest';
import { exitCodeOf, formatStatusLine, parseStatusLine, statusOfExitCode } from './nagios.js';

describe('exit codes', () => {
  it('map to statuses and back', () => {
    expect([0, 1, 2, 3].map(statusOfExitCode)).toEqual(['OK', 'WARNING', 'CRITICAL', 'UNKNOWN']);
    expect((['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const).map(exitCodeOf)).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('read anything else as UNKNOWN', () => {
    expect(statusOfExitCode(4)).toBe('UNKNOWN');
    expect(statusOfExitCode(-1)).toBe('UNKNOWN');
    expect(statusOfExitCode(137)).toBe('UNKNOWN');
  });
});

describe('parseStatusLine', () => {
  it('reads status, message and perfdata', () => {
    expect(parseStatusLine('OK - Compute instance ACTIVE after 42 s | time=42s;;;0')).toEqual({
      status: 'OK',
      message: 'Compute instance ACTIVE after 42 s',
      perfdata: 'time=42s;;;0',
    });
  });

  it('takes a service word before the status and a colon after it', () => {
    expect(parseStatusLine('HTTP WARNING: slow answer')).toEqual({
      status: 'WARNING',
      message: 'slow answer',
      perfdata: '',
    });
    expect(parseStatusLine('CRITICAL')).toEqual({ status: 'CRITICAL', message: '', perfdata: '' });
  });

  it('reads the first line only', () => {
    expect(parseStatusLine('UNKNOWN - no token\nlong output | not=perfdata')).toEqual({
      status: 'UNKNOWN',
      message: 'no token',
      perfdata: '',
    });
  });

  it('leaves the status out when the text names none', () => {
    expect(parseStatusLine('OKAY then | a=1')).toEqual({ message: 'OKAY then', perfdata: 'a=1' });
  });
});

describe('formatStatusLine', () => {
  it('writes STATUS - message | perfdata', () => {
    expect(
      formatStatusLine({ status: 'CRITICAL', message: 'Keystone refused', perfdata: 'time=3s' }),
    ).toBe('CRITICAL - Keystone refused | time=3s');
    expect(formatStatusLine({ status: 'OK', message: '' })).toBe('OK');
  });

  it('keeps a message with bars and newlines on its line', () => {
    const line = formatStatusLine({ status: 'WARNING', message: 'a | b\n  c' });
    expect(line).toBe('WARNING - a / b c');
    expect(parseStatusLine(line)).toEqual({ status: 'WARNING', message: 'a / b c', perfdata: '' });
  });
});
