import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAccountingConfig } from './config.js';

const FILE = '/etc/fedcloud/accounting.yaml';

describe('the accounting file (caso.conf settings)', () => {
  it("applies cASO's defaults: service_name = site_name, tag caso, property VO, 100 a message", () => {
    const config = parseAccountingConfig('site_name: IISAS-FedCloud\n', FILE);
    expect(config).toEqual({
      file: FILE,
      siteName: 'IISAS-FedCloud',
      serviceName: 'IISAS-FedCloud',
      projects: [],
      casoTag: 'caso',
      voProperty: 'VO',
      spooldir: '/var/spool/fedcloud-agent/accounting',
      recordTypes: ['cloud', 'ip', 'accelerator'],
      maxRecordsPerMessage: 100,
      credentials: {},
    });
  });

  it('reads every setting, and a null tag accounts only the listed projects', () => {
    const config = parseAccountingConfig(
      [
        'site_name: S',
        'service_name: cloud.example.org',
        'auth_url: https://keystone.example.org:5000/v3',
        'region_name: RegionOne',
        'projects: [p1, p2, p1]',
        'caso_tag: null',
        'vo_property: egi.eu:VO',
        'spooldir: /srv/spool',
        'record_types: [cloud]',
        'max_records_per_message: 50',
        'credentials: {username: fedcloud-agent, password_file: /etc/fedcloud/keystone-password}',
        'hub: {url: https://hub.example.org, issuer: https://aai.egi.eu/auth/realms/egi, client_id: agent-s}',
        'ssm: {output_path: /var/spool/apel/outgoing/openstack}',
      ].join('\n'),
      FILE,
    );
    expect(config).toMatchObject({
      serviceName: 'cloud.example.org',
      projects: ['p1', 'p2'],
      casoTag: null,
      voProperty: 'egi.eu:VO',
      recordTypes: ['cloud'],
      maxRecordsPerMessage: 50,
      credentials: { username: 'fedcloud-agent', password_file: '/etc/fedcloud/keystone-password' },
      hub: {
        url: 'https://hub.example.org',
        issuerUrl: 'https://aai.egi.eu/auth/realms/egi',
        clientId: 'agent-s',
      },
      ssmOutputPath: '/var/spool/apel/outgoing/openstack',
    });
  });

  it('names the bad key in its error', () => {
    const error = (text: string) => {
      try {
        parseAccountingConfig(text, FILE);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error('service_name: x\n')).toBe(`${FILE}: site_name: missing`);
    expect(error('site_name: S\nprojets: [p1]\n')).toBe(`${FILE}: unknown key projets (a typo?)`);
    expect(error('site_name: S\nhub: {url: ftp://x, issuer: https://i, client_id: c}\n')).toBe(
      `${FILE}: hub.url: must be an http(s) URL`,
    );
    expect(error('site_name: S\nrecord_types: [cloud, storage]\n')).toMatch(
      new RegExp(`^${FILE}: record_types.1: `),
    );
    expect(error('site_name: S\ncredentials: {pasword: x}\n')).toBe(
      `${FILE}: unknown key pasword in credentials (a typo?)`,
    );
    expect(error('site_name: [unclosed\n')).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: not YAML: `));
  });
});

describe("the agent README's accounting example", () => {
  it('is a valid accounting file with the settings it describes', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const yaml = readme.split('```yaml')[1]?.split('```')[0] ?? '';
    const config = parseAccountingConfig(yaml, 'README.md');
    expect(config).toMatchObject({
      siteName: 'IFCA-LCG2',
      serviceName: 'cloud.ifca.es',
      casoTag: 'caso',
      projects: ['vo-access-project'],
      voProperty: 'VO',
      ssmOutputPath: '/var/spool/apel/outgoing/openstack',
      hub: { clientId: 'agent-ifca-lcg2' },
    });
  });
});
