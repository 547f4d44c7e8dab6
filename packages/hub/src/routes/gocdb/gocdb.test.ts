import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, openHarness } from '../../../test/harness.js';
import { all, field, type Node, parseXml } from '../../../test/xml.js';
import { testDatabases } from '../../testing/index.js';

describe.each(testDatabases().map((d) => [d.name, d] as const))('GOCDB PI (%s)', (_n, tdb) => {
  let h: Harness;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    h = await openHarness(tdb); // clock: 2025-03-01T12:00Z
    const post = async (path: string, json: unknown) => {
      const res = await h.request('POST', path, { token: ADMIN, json });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: number };
    };
    await post('/api/v1/sites', {
      name: 'SITE-A',
      officialName: 'Tom & Jerry <cloud> "A"',
      description: 'line one\nline two',
      country: 'Slovakia',
      countryCode: 'SK',
      roc: 'NGI_SK',
      certificationStatus: 'Certified',
      latitude: 48.17,
      longitude: 17.07,
      timezone: 'Europe/Bratislava',
      contactEmail: 'cloud@a.example.org',
    });
    await post('/api/v1/sites', {
      name: 'SITE-B',
      country: 'Germany',
      countryCode: 'DE',
      roc: 'NGI_DE',
      productionInfrastructure: 'Test',
    });
    await post('/api/v1/sites', { name: 'SITE-C', certificationStatus: 'Closed', roc: 'NGI_IT' });
    await h.request('PUT', '/api/v1/sites/SITE-A/extensions/cloud_max_RAM4VM', {
      token: ADMIN,
      json: { value: '16GB & more' },
    });
    ids.aNova = (
      await post('/api/v1/sites/SITE-A/endpoints', {
        serviceType: 'org.openstack.nova',
        url: 'https://keystone.a.example.org:5000/v3?x=1&y=2',
      })
    ).id;
    ids.aAcct = (
      await post('/api/v1/sites/SITE-A/endpoints', {
        serviceType: 'eu.egi.cloud.accounting',
        url: 'https://ssm.a.example.org',
        hostDn: '/DC=org/CN=ssm.a.example.org',
        monitored: false,
      })
    ).id;
    ids.bNova = (
      await post('/api/v1/sites/SITE-B/endpoints', {
        serviceType: 'org.openstack.nova',
        url: 'https://192.0.2.10:5000/v3',
        inProduction: false,
      })
    ).id;
    ids.cNova = (
      await post('/api/v1/sites/SITE-C/endpoints', {
        serviceType: 'org.openstack.nova',
        url: 'https://c.example.org/v3',
      })
    ).id;
    ids.aOutage = (
      await post('/api/v1/sites/SITE-A/downtimes', {
        classification: 'SCHEDULED',
        severity: 'OUTAGE',
        description: 'upgrade <Caracal> & reboot',
        startAt: '2025-03-01T11:00:00Z',
        endAt: '2025-03-01T13:30:00Z',
      })
    ).id;
    ids.aPast = (
      await post('/api/v1/sites/SITE-A/downtimes', {
        classification: 'UNSCHEDULED',
        severity: 'OUTAGE',
        startAt: '2025-02-01T00:00:00Z',
        endAt: '2025-02-02T00:00:00Z',
        endpointIds: [ids.aAcct],
      })
    ).id;
    ids.bWarning = (
      await post('/api/v1/sites/SITE-B/downtimes', {
        classification: 'UNSCHEDULED',
        severity: 'WARNING',
        startAt: '2025-03-05T08:00:00Z',
        endAt: '2025-03-06T08:00:00Z',
        endpointIds: [ids.bNova],
      })
    ).id;
  });
  afterAll(() => h.close());

  async function pi(query: string, access = 'public'): Promise<{ status: number; root: Node }> {
    const res = await h.request('GET', `/gocdbpi/${access}/?${query}`);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const body = await res.text();
    expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    return { status: res.status, root: parseXml(body) };
  }
  const names = (root: Node, element: string, attr = 'NAME') =>
    all(root, element).map((e) => e.attrs[attr]);

  it('get_site_list: every site as attributes, filtered like GOCDB', async () => {
    const { status, root } = await pi('method=get_site_list');
    expect(status).toBe(200);
    expect(root.name).toBe('results');
    const a = all(root, 'SITE')[0]!;
    expect(a.attrs).toEqual({
      ID: expect.stringMatching(/^\d+$/),
      PRIMARY_KEY: `${a.attrs.ID}G0`,
      NAME: 'SITE-A',
      COUNTRY: 'Slovakia',
      COUNTRY_CODE: 'SK',
      ROC: 'NGI_SK',
      SUBGRID: '',
      GIIS_URL: '',
    });
    expect(names(root, 'SITE')).toEqual(['SITE-A', 'SITE-B', 'SITE-C']);
    expect(names((await pi('method=get_site_list&country=Germany')).root, 'SITE')).toEqual([
      'SITE-B',
    ]);
    expect(names((await pi('method=get_site_list&roc=NGI_S%25')).root, 'SITE')).toEqual(['SITE-A']);
    expect(
      names((await pi('method=get_site_list&certification_status=certified')).root, 'SITE'),
    ).toEqual(['SITE-A']);
    expect(names((await pi('method=get_site_list&production_status=Test')).root, 'SITE')).toEqual([
      'SITE-B',
    ]);
    expect(names((await pi('method=get_site_list&scope=Local')).root, 'SITE')).toEqual([]);
  });

  it('get_site: the full record, escaped, on the public and the private path', async () => {
    for (const access of ['public', 'private']) {
      const { root } = await pi('method=get_site&sitename=SITE-A', access);
      const [site] = all(root, 'SITE');
      expect(all(root, 'SITE')).toHaveLength(1);
      expect(site!.attrs.NAME).toBe('SITE-A');
      expect(field(site!, 'SHORT_NAME')).toBe('SITE-A');
      expect(field(site!, 'OFFICIAL_NAME')).toBe('Tom & Jerry <cloud> "A"');
      expect(field(site!, 'SITE_DESCRIPTION')).toBe('line one\nline two');
      expect(field(site!, 'GOCDB_PORTAL_URL')).toBe(
        'https://hub.example.org/dashboard/sites/SITE-A',
      );
      expect(field(site!, 'COUNTRY_CODE')).toBe('SK');
      expect(field(site!, 'ROC')).toBe('NGI_SK');
      expect(field(site!, 'CERTIFICATION_STATUS')).toBe('Certified');
      expect(field(site!, 'PRODUCTION_INFRASTRUCTURE')).toBe('Production');
      expect(field(site!, 'TIMEZONE')).toBe('Europe/Bratislava');
      expect(field(site!, 'LATITUDE')).toBe('48.17');
      expect(field(site!, 'CONTACT_EMAIL')).toBe('cloud@a.example.org');
      expect(field(site!, 'HOME_URL')).toBeUndefined();
      expect(all(all(site!, 'SCOPES')[0]!, 'SCOPE').map((s) => s.text)).toEqual(['EGI']);
      const [ext] = all(all(site!, 'EXTENSIONS')[0]!, 'EXTENSION');
      expect([field(ext!, 'KEY'), field(ext!, 'VALUE')]).toEqual([
        'cloud_max_RAM4VM',
        '16GB & more',
      ]);
    }
  });

  it('get_service: services of sites that are not Closed, with the filters', async () => {
    const { root } = await pi('method=get_service');
    const services = all(root, 'SERVICE_ENDPOINT');
    expect(services.map((s) => s.attrs.PRIMARY_KEY)).toEqual([
      `${ids.aNova}G0`,
      `${ids.aAcct}G0`,
      `${ids.bNova}G0`,
    ]);
    const nova = services[0]!;
    expect(nova.children.map((c) => c.name)).toEqual([
      'PRIMARY_KEY',
      'HOSTNAME',
      'GOCDB_PORTAL_URL',
      'BETA',
      'SERVICE_TYPE',
      'CORE',
      'IN_PRODUCTION',
      'NODE_MONITORED',
      'NOTIFICATIONS',
      'SITENAME',
      'COUNTRY_NAME',
      'COUNTRY_CODE',
      'ROC_NAME',
      'URL',
      'ENDPOINTS',
      'SCOPES',
      'EXTENSIONS',
    ]);
    expect(field(nova, 'HOSTNAME')).toBe('keystone.a.example.org');
    expect(field(nova, 'URL')).toBe('https://keystone.a.example.org:5000/v3?x=1&y=2');
    expect(field(nova, 'IN_PRODUCTION')).toBe('Y');
    expect(field(nova, 'BETA')).toBe('N');
    expect(field(nova, 'SITENAME')).toBe('SITE-A');
    expect(field(services[1]!, 'HOSTDN')).toBe('/DC=org/CN=ssm.a.example.org');
    expect(field(services[2]!, 'HOST_IP')).toBe('192.0.2.10');

    const pk = (q: string) =>
      pi(q).then(({ root: r }) => all(r, 'SERVICE_ENDPOINT').map((s) => s.attrs.PRIMARY_KEY));
    expect(await pk('method=get_service&service_type=org.openstack.nova')).toEqual([
      `${ids.aNova}G0`,
      `${ids.bNova}G0`,
    ]);
    expect(await pk('method=get_service&monitored=N')).toEqual([`${ids.aAcct}G0`]);
    expect(await pk('method=get_service&production=n')).toEqual([`${ids.bNova}G0`]);
    expect(await pk('method=get_service&sitename=SITE-B')).toEqual([`${ids.bNova}G0`]);
    // An exact name loads only that site; matching stays LIKE's: any case, wildcards, none.
    expect(await pk('method=get_service_endpoint&sitename=site-b')).toEqual([`${ids.bNova}G0`]);
    expect(await pk('method=get_service_endpoint&sitename=SITE-_')).toEqual([
      `${ids.aNova}G0`,
      `${ids.aAcct}G0`,
      `${ids.bNova}G0`,
    ]);
    expect(await pk('method=get_service_endpoint&sitename=SITE-Z')).toEqual([]);
    expect(
      await pk('method=get_service_endpoint&sitename=SITE-A&service_type=org.openstack.nova'),
    ).toEqual([`${ids.aNova}G0`]);
    expect(await pk('method=get_service_endpoint&hostname=%25.a.example.org')).toEqual([
      `${ids.aNova}G0`,
      `${ids.aAcct}G0`,
    ]);
    expect(await pk('method=get_service&country=DE')).toEqual([`${ids.bNova}G0`]);
  });

  it('get_downtime: one DOWNTIME per affected service, GOCDB dates, filters', async () => {
    const { root } = await pi('method=get_downtime&ongoing_only=yes');
    const rows = all(root, 'DOWNTIME');
    // The whole-site outage of SITE-A affects both of its services.
    expect(rows.map((r) => [r.attrs.ID, field(r, 'HOSTNAME')])).toEqual([
      [String(ids.aOutage), 'keystone.a.example.org'],
      [String(ids.aOutage), 'ssm.a.example.org'],
    ]);
    const first = rows[0]!;
    expect(first.attrs).toEqual({
      ID: String(ids.aOutage),
      PRIMARY_KEY: `${ids.aOutage}G0`,
      CLASSIFICATION: 'SCHEDULED',
    });
    expect(first.children.map((c) => c.name)).toEqual([
      'PRIMARY_KEY',
      'HOSTNAME',
      'SERVICE_TYPE',
      'ENDPOINT',
      'HOSTED_BY',
      'GOCDB_PORTAL_URL',
      'AFFECTED_ENDPOINTS',
      'SEVERITY',
      'DESCRIPTION',
      'INSERT_DATE',
      'START_DATE',
      'END_DATE',
      'FORMATED_START_DATE',
      'FORMATED_END_DATE',
    ]);
    expect(field(first, 'ENDPOINT')).toBe('keystone.a.example.orgorg.openstack.nova');
    expect(field(first, 'HOSTED_BY')).toBe('SITE-A');
    expect(field(first, 'SEVERITY')).toBe('OUTAGE');
    expect(field(first, 'DESCRIPTION')).toBe('upgrade <Caracal> & reboot');
    expect(field(first, 'START_DATE')).toBe(String(Date.parse('2025-03-01T11:00:00Z') / 1000));
    expect(field(first, 'END_DATE')).toBe(String(Date.parse('2025-03-01T13:30:00Z') / 1000));
    expect(field(first, 'INSERT_DATE')).toBe(String(Date.parse('2025-03-01T12:00:00Z') / 1000));
    expect(field(first, 'FORMATED_START_DATE')).toBe('2025-03-01 11:00');
    expect(field(first, 'FORMATED_END_DATE')).toBe('2025-03-01 13:30');

    const downtimeIds = (q: string) =>
      pi(q).then(({ root: r }) => all(r, 'DOWNTIME').map((d) => Number(d.attrs.ID)));
    expect(await downtimeIds('method=get_downtime')).toEqual([
      ids.aOutage,
      ids.aOutage,
      ids.aPast,
      ids.bWarning,
    ]);
    expect(await downtimeIds('method=get_downtime&severity=WARNING')).toEqual([ids.bWarning]);
    expect(await downtimeIds('method=get_downtime&classification=UNSCHEDULED')).toEqual([
      ids.aPast,
      ids.bWarning,
    ]);
    expect(
      await downtimeIds('method=get_downtime&service_type_list=eu.egi.cloud.accounting'),
    ).toEqual([ids.aOutage, ids.aPast]);
    expect(await downtimeIds('method=get_downtime&topentity=SITE-B')).toEqual([ids.bWarning]);
    expect(await downtimeIds('method=get_downtime&topentity=ssm.a.example.org')).toEqual([
      ids.aOutage,
      ids.aPast,
    ]);
    expect(await downtimeIds('method=get_downtime&startdate=2025-03-01')).toEqual([
      ids.aOutage,
      ids.aOutage,
      ids.bWarning,
    ]);
    expect(await downtimeIds('method=get_downtime&enddate=2025-03-01')).toEqual([ids.aPast]);
    expect(
      await downtimeIds('method=get_downtime&windowstart=2025-03-02&windowend=2025-03-05'),
    ).toEqual([ids.bWarning]);
    expect(await downtimeIds('method=get_downtime&windowend=2025-03-04')).toEqual([
      ids.aOutage,
      ids.aOutage,
      ids.aPast,
    ]);
  });

  it('get_downtime_nested_services: services nested in one DOWNTIME', async () => {
    const { root } = await pi('method=get_downtime_nested_services&ongoing_only=yes');
    const [dt] = all(root, 'DOWNTIME');
    expect(all(root, 'DOWNTIME')).toHaveLength(1);
    const services = all(all(dt!, 'SERVICES')[0]!, 'SERVICE');
    expect(services.map((s) => [field(s, 'PRIMARY_KEY'), field(s, 'SERVICE_TYPE')])).toEqual([
      [`${ids.aNova}G0`, 'org.openstack.nova'],
      [`${ids.aAcct}G0`, 'eu.egi.cloud.accounting'],
    ]);
  });

  it('pages with cursors and says so in <meta>', async () => {
    const { root } = await pi(`method=get_service&next_cursor=${ids.aNova}`);
    const [meta] = all(root, 'meta');
    expect(field(meta!, 'count')).toBe('2');
    expect(field(meta!, 'max_page_size')).toBe('100');
    const links = Object.fromEntries(all(meta!, 'link').map((l) => [l.attrs.rel, l.attrs.href]));
    expect(links).toEqual({
      self: `https://hub.example.org/gocdbpi/public/?method=get_service&next_cursor=${ids.aNova}`,
      next: `https://hub.example.org/gocdbpi/public/?method=get_service&next_cursor=${ids.bNova}`,
      prev: `https://hub.example.org/gocdbpi/public/?method=get_service&prev_cursor=${ids.aAcct}`,
      start: 'https://hub.example.org/gocdbpi/public/?method=get_service&next_cursor=0',
    });
    expect(all(root, 'SERVICE_ENDPOINT').map((s) => s.attrs.PRIMARY_KEY)).toEqual([
      `${ids.aAcct}G0`,
      `${ids.bNova}G0`,
    ]);
    const back = await pi(`method=get_site&prev_cursor=1000000`);
    expect(names(back.root, 'SITE')).toEqual(['SITE-A', 'SITE-B', 'SITE-C']);
    // No paging asked for: no meta, as GOCDB.
    expect(all((await pi('method=get_service')).root, 'meta')).toEqual([]);
  });

  it('lists the service types', async () => {
    const { root } = await pi('method=get_service_types');
    const types = all(root, 'SERVICE_TYPE').map((t) => field(t, 'SERVICE_TYPE_NAME'));
    expect(types).toEqual(
      expect.arrayContaining(['org.openstack.nova', 'eu.egi.cloud.accounting']),
    );
    expect(all(root, 'SERVICE_TYPE')[0]!.attrs.PRIMARY_KEY).toBe('1G0');
  });

  it('answers unknown methods and parameters with a 400 <error> document', async () => {
    const cases: [string, string][] = [
      ['method=get_everything', 'Unable to find method: get_everything'],
      ['method=get_site_list&colour=red', 'Unsupported parameter: colour'],
      ["method=get_site_list&sitename=x'or'1", "Unsupported character in value: x'or'1"],
      [
        'method=get_downtime&ongoing_only=maybe',
        "Invalid ongoing_only value - must be 'yes' or 'no'",
      ],
      [
        'method=get_downtime&ongoing_only=yes&startdate=2025-01-01',
        'Invalid parameter combination - do not specify startdate or enddate with ongoing_only',
      ],
      [
        'method=get_downtime&startdate=yesterday',
        'Invalid startdate value - expected a date such as 2025-01-31',
      ],
      ['method=get_service&monitored=perhaps', 'Invalid monitored value - must be Y or N'],
      [
        'method=get_service&next_cursor=-1',
        "Invalid 'next_cursor' parameter - must be a whole number greater than or equal to zero",
      ],
      ['method=get_service_types&x=1', 'Unsupported parameter: x'],
    ];
    for (const [query, message] of cases) {
      const { status, root } = await pi(query);
      expect([query, status, root.name, root.text]).toEqual([query, 400, 'error', message]);
    }
    const none = await pi('');
    expect(none.status).toBe(400);
    expect(none.root.text).toMatch(/^No method given/);
  });
});
