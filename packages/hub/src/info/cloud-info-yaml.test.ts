import { parseSiteYaml } from '@fedcloud/sdk';
import { describe, expect, it } from 'vitest';
import { fedcloudSiteYaml, yamlScalar } from './cloud-info-yaml.js';

describe('fedcloudSiteYaml', () => {
  it('writes the layout of PyYAML yaml.dump (sorted keys, unindented list items)', () => {
    const text = fedcloudSiteYaml({
      gocdb: 'EXAMPLE-CLOUD',
      endpoint: 'https://keystone.example.org:5000/v3',
      vos: [
        { name: 'vo.access.egi.eu', projectId: '038db3eeca5c4960a443a89b92373cd2' },
        { name: 'fedcloud.egi.eu', projectId: 'abc' },
      ],
    });
    expect(text).toBe(
      [
        'endpoint: https://keystone.example.org:5000/v3',
        'gocdb: EXAMPLE-CLOUD',
        'vos:',
        '- auth:',
        '    project_id: 038db3eeca5c4960a443a89b92373cd2',
        '  name: vo.access.egi.eu',
        '- auth:',
        '    project_id: abc',
        '  name: fedcloud.egi.eu',
        '',
      ].join('\n'),
    );
  });

  it('is read by the SDK as the same site', () => {
    const site = parseSiteYaml(
      fedcloudSiteYaml({
        gocdb: 'EXAMPLE-CLOUD',
        endpoint: 'https://keystone.example.org:5000/v3',
        vos: [{ name: 'vo.access.egi.eu', projectId: '12345' }],
      }),
      'hub',
    );
    expect(site).toMatchObject({
      name: 'EXAMPLE-CLOUD',
      endpoint: 'https://keystone.example.org:5000/v3',
      vos: [{ name: 'vo.access.egi.eu', projectId: '12345' }],
    });
    expect(
      parseSiteYaml(
        fedcloudSiteYaml({ gocdb: 'S', endpoint: 'https://k.example.org/v3', vos: [] }),
        'hub',
      ).vos,
    ).toEqual([]);
  });

  it('quotes every scalar a YAML reader could take for a number, bool, date or null', () => {
    for (const value of [
      '12345',
      '0x1F',
      '1e3',
      '1.5',
      'yes',
      'No',
      'on',
      'null',
      '~',
      '',
      '2025-01-01',
      '1:20',
      '.5',
    ]) {
      expect(yamlScalar(value)).not.toBe(value);
    }
    expect(yamlScalar("it's: odd")).toBe("'it''s: odd'");
    expect(yamlScalar('line\nbreak')).toBe('"line\\nbreak"');
    expect(yamlScalar('vo.access.egi.eu')).toBe('vo.access.egi.eu');
    expect(yamlScalar('abc123')).toBe('abc123');
  });
});
