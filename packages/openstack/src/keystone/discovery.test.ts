import { describe, expect, it } from 'vitest';
import { fakeFetch, json } from '../testing/fake-fetch.js';
import { discoverIdentity, identityBaseUrl, identityV3Url } from './discovery.js';

/** Keystone's root document (300 Multiple Choices). https://docs.openstack.org/api-ref/identity/#list-versions */
const ROOT = {
  versions: {
    values: [
      {
        id: 'v3.14',
        status: 'stable',
        updated: '2020-04-07T00:00:00Z',
        links: [{ rel: 'self', href: 'https://keystone.example.org:5000/v3/' }],
        'media-types': [
          { base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' },
        ],
      },
      {
        id: 'v2.0',
        status: 'deprecated',
        updated: '2016-08-04T00:00:00Z',
        links: [{ rel: 'self', href: 'https://keystone.example.org:5000/v2.0/' }],
      },
    ],
  },
};

describe('discoverIdentity', () => {
  it('accepts the root’s 300 Multiple Choices and finds v3', async () => {
    const { fetch, calls } = fakeFetch(() => json(300, ROOT));
    const found = await discoverIdentity({ fetch }, 'https://keystone.example.org:5000');
    expect(found.v3Url).toBe('https://keystone.example.org:5000/v3');
    expect(found.versionId).toBe('v3.14');
    expect(found.versions).toHaveLength(2);
    expect(calls[0]?.url).toBe('https://keystone.example.org:5000');
  });

  it('accepts 200 with a single version document from /v3', async () => {
    const { fetch } = fakeFetch(() =>
      json(200, {
        version: {
          id: 'v3.14',
          status: 'stable',
          links: [{ rel: 'self', href: 'https://keystone.example.org:5000/v3/' }],
        },
      }),
    );
    const found = await discoverIdentity({ fetch }, 'https://keystone.example.org:5000/v3');
    expect(found.v3Url).toBe('https://keystone.example.org:5000/v3');
  });

  it('accepts a 200 root as some proxies send it', async () => {
    const { fetch } = fakeFetch(() => json(200, ROOT));
    expect(
      (await discoverIdentity({ fetch }, 'https://keystone.example.org:5000/')).versionId,
    ).toBe('v3.14');
  });

  it('fails with ENDPOINT_NOT_FOUND when only v2.0 is offered', async () => {
    const { fetch } = fakeFetch(() =>
      json(300, {
        versions: {
          values: [
            { id: 'v2.0', status: 'stable', links: [{ rel: 'self', href: 'https://k/v2.0/' }] },
          ],
        },
      }),
    );
    await expect(discoverIdentity({ fetch }, 'https://k')).rejects.toMatchObject({
      code: 'ENDPOINT_NOT_FOUND',
    });
  });

  it('strips a trailing /v3 or /v2.0 like fedcloudclient', () => {
    expect(identityBaseUrl('https://k:5000/v3')).toBe('https://k:5000');
    expect(identityBaseUrl('https://k:5000/v3/')).toBe('https://k:5000');
    expect(identityBaseUrl('https://k/identity/v2.0')).toBe('https://k/identity');
    expect(identityBaseUrl('https://k:5000')).toBe('https://k:5000');
    expect(identityV3Url('https://k:5000/v2.0/')).toBe('https://k:5000/v3');
  });
});
