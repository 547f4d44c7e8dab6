import { describe, expect, it } from 'vitest';
import { FedcloudError } from '../errors.js';
import { parseSiteYaml } from './parse.js';

const VALID = `gocdb: IISAS-FedCloud
endpoint: https://cloud.ui.savba.sk:5000/v3/
region: myregion
images: {sync: true, formats: [raw]}
vos:
  - name: vo.access.egi.eu
    auth: {project_id: 71dc9c3785cc4876bfb1a4bfc681e0f3}
    defaultNetwork: private
    publicNetwork: public
`;

function failure(text: string): FedcloudError {
  try {
    parseSiteYaml(text, 'site.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(FedcloudError);
    return error as FedcloudError;
  }
  throw new Error('expected a SITE_CONFIG_INVALID error');
}

describe('parseSiteYaml', () => {
  it('reads the catch-all format, defaulting protocol to openid and keeping extra VO keys', () => {
    expect(parseSiteYaml(VALID, 'sites/IISAS.yaml')).toEqual({
      name: 'IISAS-FedCloud',
      endpoint: 'https://cloud.ui.savba.sk:5000/v3/',
      protocol: 'openid',
      region: 'myregion',
      images: { sync: true, formats: ['raw'] },
      vos: [
        {
          name: 'vo.access.egi.eu',
          projectId: '71dc9c3785cc4876bfb1a4bfc681e0f3',
          extra: { defaultNetwork: 'private', publicNetwork: 'public' },
        },
      ],
      source: 'sites/IISAS.yaml',
    });
  });

  it('accepts a site without VOs and the keys real site files carry (auth_type, accounting)', () => {
    const site = parseSiteYaml(
      'gocdb: X\nendpoint: https://k:5000/v3\nprotocol: oidc\nauth_type: v3oidcaccesstoken\naccounting: {enabled: true}\n',
      'x.yaml',
    );
    expect(site.vos).toEqual([]);
    expect(site.protocol).toBe('oidc');
  });

  it('keeps number-looking project ids exactly as written', () => {
    const site = parseSiteYaml(
      'gocdb: X\nendpoint: https://k/v3\nvos:\n  - name: a\n    auth: {project_id: 0123e45}\n  - name: b\n    auth: {project_id: 12345678901234567890123456789012}\n',
      'x.yaml',
    );
    expect(site.vos.map((vo) => vo.projectId)).toEqual([
      '0123e45',
      '12345678901234567890123456789012',
    ]);
  });

  it('reports a missing project id with file:line:col and its path', () => {
    const error = failure('gocdb: X\nendpoint: https://k/v3\nvos:\n  - name: a\n    auth: {}\n');
    expect(error.code).toBe('SITE_CONFIG_INVALID');
    expect(error.message).toBe('site.yaml:5:11: vos[0].auth.project_id is required');
  });

  it('reports an empty project id as required too', () => {
    const error = failure(
      'gocdb: X\nendpoint: https://k/v3\nvos:\n  - name: a\n    auth:\n      project_id:\n',
    );
    expect(error.message).toMatch(/^site\.yaml:6:\d+: vos\[0\]\.auth\.project_id is required$/);
  });

  it('rejects unknown top-level keys at the key, naming the allowed ones', () => {
    const error = failure('gocdb: X\nendpoint: https://k/v3\nflavours: []\n');
    expect(error.message).toMatch(
      /^site\.yaml:3:1: flavours unknown key \(allowed: gocdb, endpoint/,
    );
  });

  it('lists every problem, each with its position', () => {
    const error = failure('endpoint: not a url\nprotocol: saml\n');
    const lines = error.message.split('\n');
    expect(lines).toContain('site.yaml:1:1: gocdb is required');
    expect(lines).toContain('site.yaml:1:11: endpoint must be an http(s) URL');
    expect(lines).toContain('site.yaml:2:11: protocol must be one of openid, oidc');
    expect(error.details?.problems).toHaveLength(3);
  });

  it('reports a wrong type in words', () => {
    const error = failure('gocdb: X\nendpoint: https://k/v3\nimages: {sync: maybe}\n');
    expect(error.message).toBe('site.yaml:3:16: images.sync must be a boolean');
  });

  it('reports YAML syntax errors with their line and column', () => {
    const error = failure('gocdb: X\nendpoint: [https://k/v3\nvos: x\n');
    expect(error.code).toBe('SITE_CONFIG_INVALID');
    expect(error.message).toMatch(/^site\.yaml:\d+:\d+: /);
  });

  it('rejects an empty file and a list', () => {
    expect(failure('').message).toBe('site.yaml:1:1: expected a mapping of site settings');
    expect(failure('- a\n').message).toBe('site.yaml:1:1: expected a mapping of site settings');
  });
});
