import { describe, expect, it } from 'vitest';
import { catchallDocument } from '../files.js';
import { buildSiteSpecs, projectName, siteName } from './specs.js';

const options = { count: 300, buildDelayMs: 0, tokenTtlSeconds: 3600, secret: 's' };

describe('site specs', () => {
  it('names 300 distinct sites, every one supporting vo.access.egi.eu', () => {
    const specs = buildSiteSpecs(options);
    expect(new Set(specs.map((s) => s.name)).size).toBe(300);
    expect(specs.every((s) => s.vos.some((v) => v.vo === 'vo.access.egi.eu'))).toBe(true);
    expect(siteName(0)).toBe('SANDBOX-ALPHA');
    expect(siteName(299)).toBe('SANDBOX-300');
  });

  it('names projects differently per site, as EGI sites do', () => {
    expect([0, 1, 2].map((i) => projectName(i, 'vo.access.egi.eu'))).toEqual([
      'VO:vo.access.egi.eu',
      'vo_access_egi_eu',
      'EGI_access',
    ]);
  });

  it('keeps ids and passwords stable for the same secret and changes passwords with it', () => {
    const [a] = buildSiteSpecs({ ...options, count: 1 });
    const [b] = buildSiteSpecs({ ...options, count: 1 });
    const [c] = buildSiteSpecs({ ...options, count: 1, secret: 'other' });
    expect(a!.vos[0]!.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toEqual(a);
    expect(c!.adminPassword).not.toBe(a!.adminPassword);
    expect(c!.vos).toEqual(a!.vos);
  });

  it('describes a site in the fedcloud-catchall format', () => {
    const [spec] = buildSiteSpecs({ ...options, count: 1 });
    expect(catchallDocument(spec!, 'https://127.0.0.1:7501/v3')).toEqual({
      gocdb: 'SANDBOX-ALPHA',
      endpoint: 'https://127.0.0.1:7501/v3/',
      protocol: 'openid',
      region: 'RegionOne',
      vos: spec!.vos.map((v) => ({ name: v.vo, auth: { project_id: v.projectId } })),
    });
  });
});
