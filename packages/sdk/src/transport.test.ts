import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTransport, debugUrl } from './transport.js';

describe('debugUrl', () => {
  it('drops the query string and user info', () => {
    expect(debugUrl('https://u:p@h.example.org:8080/v2.1/servers/detail?marker=abc&token=x')).toBe(
      'https://h.example.org:8080/v2.1/servers/detail?<redacted>',
    );
    expect(debugUrl('https://h.example.org/v3/')).toBe('https://h.example.org/v3/');
  });
});

describe('createTransport', () => {
  it('refuses a missing CA file or one without certificates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ca-'));
    expect(() => createTransport({ caFile: join(dir, 'missing.pem') })).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
    await writeFile(join(dir, 'empty.pem'), 'nothing here');
    expect(() => createTransport({ caFile: join(dir, 'empty.pem') })).toThrow(
      /no certificate found/,
    );
    expect(() => createTransport({ caDir: join(dir, 'nope') })).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
  });

  it('carries the timeout and a dispatcher', () => {
    const transport = createTransport({ timeoutMs: 1234 });
    expect(transport.timeoutMs).toBe(1234);
    expect(transport.dispatcher).toBeDefined();
    expect(transport.fetch).toBeUndefined();
  });
});
