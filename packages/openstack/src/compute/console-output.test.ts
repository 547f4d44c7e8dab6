import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { fakeFetch, json, scopedAuth } from '../testing/fake-fetch.js';
import { getConsoleOutput } from './console-output.js';

const NOVA = 'https://nova.one.example.org/v2.1';

describe('console output', () => {
  it('POSTs os-getConsoleOutput with the length, or null for the whole log', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, { output: 'cloud-init: modules:final\nlogin: ' }),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    expect(await getConsoleOutput(client, 's1', { length: 50 })).toBe(
      'cloud-init: modules:final\nlogin: ',
    );
    await getConsoleOutput(client, 's1');
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.url).toBe(`${NOVA}/servers/s1/action`);
    expect(calls.map((c): unknown => JSON.parse(c.body ?? ''))).toEqual([
      { 'os-getConsoleOutput': { length: 50 } },
      { 'os-getConsoleOutput': { length: null } },
    ]);
  });

  it('a body without output → INVALID_RESPONSE', async () => {
    const { fetch } = fakeFetch(() => json(200, { console: 'x' }));
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    await expect(getConsoleOutput(client, 's1')).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      service: 'compute',
    });
  });
});
