import { describe, expect, it } from 'vitest';
import { parseImagesConfig } from './config.js';

const GOOD = `
auth_url: https://keystone.example.org:5000/v3
project: p-owner
credentials:
  username: fedcloud-agent
  password_file: /etc/fedcloud/password
ca_dir: /etc/grid-security/certificates
prefix: "EGI "
subscriptions:
  egi.vo:
    url: https://appdb.example.org/vo/image.list
    endorser:
      dn: /DC=EU/DC=EGI/CN=appdb.egi.eu
      ca: /DC=ORG/DC=SEE-GRID/CN=SEE-GRID CA 2013
    vo: vo.access.egi.eu
    images: [a, b, a]
  other:
    url: https://lists.example.org/other.list
    enabled: false
    endorser: {dn: /CN=E, ca: /CN=CA}
    project: p-other
    token_file: /etc/fedcloud/other-token
`;

describe('parseImagesConfig', () => {
  it('reads an atrope-like file with defaults', () => {
    const config = parseImagesConfig(GOOD, 'images.yaml');
    expect(config).toMatchObject({
      project: 'p-owner',
      trustPath: '/etc/grid-security/certificates',
      prefix: 'EGI ',
      tag: 'fedcloud-agent',
      formats: ['qcow2', 'raw'],
      stateDir: '/var/lib/fedcloud-agent/images',
      voProperty: 'VO',
    });
    expect(config.subscriptions).toEqual([
      {
        name: 'egi.vo',
        url: 'https://appdb.example.org/vo/image.list',
        enabled: true,
        endorser: {
          dn: '/DC=EU/DC=EGI/CN=appdb.egi.eu',
          ca: '/DC=ORG/DC=SEE-GRID/CN=SEE-GRID CA 2013',
        },
        tokenAuth: 'bearer',
        images: ['a', 'b'],
        target: { vo: 'vo.access.egi.eu' },
      },
      {
        name: 'other',
        url: 'https://lists.example.org/other.list',
        enabled: false,
        endorser: { dn: '/CN=E', ca: '/CN=CA' },
        tokenFile: '/etc/fedcloud/other-token',
        tokenAuth: 'bearer',
        images: [],
        target: { project: 'p-other' },
      },
    ]);
  });

  it('refuses unknown keys, naming the line and the key', () => {
    const typo = GOOD.replace('    images: [a, b, a]', '    image: [a]');
    expect(() => parseImagesConfig(typo, 'images.yaml')).toThrow(
      /^images\.yaml:16:5: unknown key image in subscriptions\.egi\.vo \(a typo\?\)$/,
    );
  });

  it('names the line of a bad value and of a missing key', () => {
    const bad = GOOD.replace('https://lists.example.org/other.list', 'ftp://x');
    expect(() => parseImagesConfig(bad, 'f.yaml')).toThrow(
      /^f\.yaml:18:10: subscriptions\.other\.url: must be an http\(s\) URL$/,
    );
    expect(() => parseImagesConfig(GOOD.replace('project: p-owner\n', ''), 'f.yaml')).toThrow(
      /f\.yaml:\d+:\d+: project: missing/,
    );
    const both = GOOD.replace('    project: p-other', '    project: p-other\n    vo: x');
    expect(() => parseImagesConfig(both, 'f.yaml')).toThrow(/give project or vo, not both/);
  });

  it('a token file must be absolute; YAML errors are located', () => {
    const relative = GOOD.replace('/etc/fedcloud/other-token', 'token');
    expect(() => parseImagesConfig(relative, 'f.yaml')).toThrow(
      /token_file: must be an absolute path/,
    );
    expect(() => parseImagesConfig('a: [', 'f.yaml')).toThrow(/^f\.yaml:1:\d+: not YAML/);
  });
});
