import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { fakeFetch, json, scopedAuth } from '../testing/fake-fetch.js';
import { getComputeMicroversion } from './version.js';

const NOVA = 'https://nova.one.example.org/v2.1';

describe('compute version document', () => {
  it("reads the versioned endpoint's own document, at the endpoint itself", async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        version: { id: 'v2.1', status: 'CURRENT', version: '2.96', min_version: '2.1' },
      }),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    expect(await getComputeMicroversion(client)).toBe('2.96');
    expect(calls[0]?.url).toBe(NOVA);
    expect(calls[0]?.headers.get('x-auth-token')).toBe('gAAAAABscoped-token-one');
  });

  it('falls back to the CURRENT entry of a root version list, else undefined', async () => {
    const { fetch } = fakeFetch((_call, index) =>
      json(
        200,
        index === 0
          ? {
              versions: [
                { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' },
                { id: 'v2.1', status: 'CURRENT', version: '2.79', min_version: '2.1' },
              ],
            }
          : { versions: [] },
      ),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    expect(await getComputeMicroversion(client)).toBe('2.79');
    expect(await getComputeMicroversion(client)).toBeUndefined();
  });
});
