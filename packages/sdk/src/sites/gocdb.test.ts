import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  listGocdbEndpoints,
  listGocdbSites,
  parseServiceEndpoints,
  parseSiteList,
} from './gocdb.js';
import { parseXml } from './xml.js';

/**
 * get_service_endpoint as GOCDB writes it (lib/Gocdb_Services/PI/GetService.php): the service's
 * URL, then nested ENDPOINTS with URLs of their own, which must not be taken for the service's.
 */
const ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<results>
  <SERVICE_ENDPOINT PRIMARY_KEY="8253G0">
    <PRIMARY_KEY>8253G0</PRIMARY_KEY>
    <HOSTNAME>cloud.ui.savba.sk</HOSTNAME>
    <GOCDB_PORTAL_URL>https://goc.egi.eu/portal/index.php?Page_Type=Service&amp;id=8253</GOCDB_PORTAL_URL>
    <BETA>N</BETA>
    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>
    <CORE></CORE>
    <IN_PRODUCTION>Y</IN_PRODUCTION>
    <NODE_MONITORED>Y</NODE_MONITORED>
    <NOTIFICATIONS>Y</NOTIFICATIONS>
    <SITENAME>IISAS-FedCloud</SITENAME>
    <COUNTRY_NAME>Slovakia</COUNTRY_NAME>
    <COUNTRY_CODE>SK</COUNTRY_CODE>
    <ROC_NAME>NGI_SK</ROC_NAME>
    <URL>https://cloud.ui.savba.sk:5000/v3/</URL>
    <ENDPOINTS>
      <ENDPOINT>
        <ID>1</ID>
        <NAME>nova</NAME>
        <EXTENSIONS/>
        <URL>https://wrong.example.org/nested</URL>
        <INTERFACENAME>org.openstack.nova</INTERFACENAME>
        <ENDPOINT_MONITORED>Y</ENDPOINT_MONITORED>
      </ENDPOINT>
    </ENDPOINTS>
    <SCOPES><SCOPE>EGI</SCOPE><SCOPE>FedCloud</SCOPE></SCOPES>
    <EXTENSIONS/>
  </SERVICE_ENDPOINT>
  <SERVICE_ENDPOINT PRIMARY_KEY="9G0">
    <PRIMARY_KEY>9G0</PRIMARY_KEY>
    <HOSTNAME>test.example.org</HOSTNAME>
    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>
    <IN_PRODUCTION>N</IN_PRODUCTION>
    <NODE_MONITORED>y</NODE_MONITORED>
    <SITENAME>TEST-SITE</SITENAME>
    <URL><![CDATA[https://test.example.org:5000/v3?a=1&b=2]]></URL>
  </SERVICE_ENDPOINT>
</results>
`;

describe('parseServiceEndpoints', () => {
  it("reads each SERVICE_ENDPOINT's own fields, not its nested endpoints'", () => {
    expect(parseServiceEndpoints(ANSWER, 'https://goc')).toEqual([
      {
        site: 'IISAS-FedCloud',
        serviceType: 'org.openstack.nova',
        url: 'https://cloud.ui.savba.sk:5000/v3/',
        endpointUrls: ['https://wrong.example.org/nested'],
        hostname: 'cloud.ui.savba.sk',
        primaryKey: '8253G0',
        inProduction: true,
        monitored: true,
      },
      {
        site: 'TEST-SITE',
        serviceType: 'org.openstack.nova',
        url: 'https://test.example.org:5000/v3?a=1&b=2',
        endpointUrls: [],
        hostname: 'test.example.org',
        primaryKey: '9G0',
        inProduction: false,
        monitored: true,
      },
    ]);
  });

  // Moved from the agent's own regex reader, which this one replaced.
  it('reads primary keys, site names and service and endpoint URLs', () => {
    const xml = `<results>
  <SERVICE_ENDPOINT PRIMARY_KEY="12G0">
    <PRIMARY_KEY>12G0</PRIMARY_KEY>
    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>
    <SITENAME>EXAMPLE-SITE</SITENAME>
    <URL/>
    <ENDPOINTS>
      <ENDPOINT>
        <ID>1</ID>
        <URL>https://keystone.example.org:5000/v3?a=1&amp;b=2</URL>
      </ENDPOINT>
      <ENDPOINT><ID>2</ID><URL/></ENDPOINT>
    </ENDPOINTS>
  </SERVICE_ENDPOINT>
</results>`;
    expect(parseServiceEndpoints(xml, 'x')).toEqual([
      {
        site: 'EXAMPLE-SITE',
        serviceType: 'org.openstack.nova',
        url: '',
        endpointUrls: ['https://keystone.example.org:5000/v3?a=1&b=2'],
        hostname: '',
        primaryKey: '12G0',
        inProduction: false,
        monitored: false,
      },
    ]);
  });

  it('reads an empty result set', () => {
    expect(parseServiceEndpoints('<?xml version="1.0"?>\n<results/>\n', 'x')).toEqual([]);
    expect(parseServiceEndpoints('<results>\n</results>', 'x')).toEqual([]);
  });

  it('rejects what is not a result set, naming where it came from', () => {
    expect(() => parseServiceEndpoints('<html><body>hi</body></html>', 'https://goc/pi')).toThrow(
      expect.objectContaining({
        code: 'SITE_CONFIG_INVALID',
        message: 'GOCDB at https://goc/pi gave an unexpected answer: <html> instead of <results>',
      }),
    );
    expect(() => parseServiceEndpoints('{"sites": []}', 'https://goc/pi')).toThrow(
      /GOCDB at https:\/\/goc\/pi gave an unexpected answer: not XML/,
    );
    expect(() =>
      parseServiceEndpoints(
        '<results><SERVICE_ENDPOINT><SITENAME>A</SITENAME></SERVICE_ENDPOINT></results>',
        'x',
      ),
    ).toThrow('SERVICE_ENDPOINT #1 has no URL');
  });
});

describe('parseSiteList', () => {
  it('reads the NAME attribute of each SITE, as fedcloudclient does', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<results>
  <SITE ID="1" PRIMARY_KEY="1G0" NAME="IISAS-FedCloud" COUNTRY="Slovakia" COUNTRY_CODE="SK" ROC="NGI_SK" SUBGRID="" GIIS_URL="" />
  <SITE ID="2" PRIMARY_KEY="2G0" NAME="CESGA" COUNTRY="Spain" COUNTRY_CODE="ES" ROC="NGI_IBERGRID" SUBGRID="" GIIS_URL="" />
</results>`;
    expect(parseSiteList(xml, 'x')).toEqual(['IISAS-FedCloud', 'CESGA']);
    expect(() => parseSiteList('<results><SITE ID="3"/></results>', 'x')).toThrow(
      'SITE #1 has no NAME',
    );
  });
});

describe('parseXml', () => {
  it('decodes entities, character references and CDATA, and skips comments', () => {
    const root = parseXml(
      "<?xml version='1.0'?><!DOCTYPE r><!-- c --><r a='x &amp; y'>&lt;&#65;&#x42;&gt;<![CDATA[<raw&>]]><e/></r>",
    );
    expect(root).toEqual({
      name: 'r',
      attributes: { a: 'x & y' },
      text: '<AB><raw&>',
      children: [{ name: 'e', attributes: {}, children: [], text: '' }],
    });
  });

  it('refuses malformed documents with a position', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/unexpected <\/a> at offset/);
    expect(() => parseXml('<a>')).toThrow('<a> is not closed');
    expect(() => parseXml('<a/><b/>')).toThrow('a second root element');
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow('unknown entity &nbsp;');
    expect(() => parseXml('<a>AT&T</a>')).toThrow('bare "&"');
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a/>')).toThrow('unsupported DOCTYPE');
    expect(() => parseXml('')).toThrow('no root element');
  });
});

describe('listGocdbEndpoints', () => {
  let server: Server;
  let base: string;
  let requests: string[];
  let handler: (req: IncomingMessage, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      handler(req, res);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gocdbpi/public/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  beforeEach(() => {
    requests = [];
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(ANSWER);
    };
  });

  it('asks for the service type, monitored endpoints and the site as fedcloudclient does', async () => {
    const endpoints = await listGocdbEndpoints({
      baseUrl: base,
      serviceType: 'org.openstack.nova',
      monitored: true,
    });
    expect(endpoints.map((e) => e.site)).toEqual(['IISAS-FedCloud', 'TEST-SITE']);
    await listGocdbEndpoints({
      baseUrl: base,
      serviceType: 'eu.egi.cloud.accounting',
      site: 'A B',
    });
    expect(requests).toEqual([
      '/gocdbpi/public/?method=get_service_endpoint&service_type=org.openstack.nova&monitored=Y',
      '/gocdbpi/public/?method=get_service_endpoint&service_type=eu.egi.cloud.accounting&sitename=A+B',
    ]);
  });

  it('asks get_site_list for certified sites', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<results><SITE NAME="A"/><SITE NAME="B"/></results>');
    };
    expect(await listGocdbSites({ baseUrl: base, certificationStatus: 'Certified' })).toEqual([
      'A',
      'B',
    ]);
    expect(requests).toEqual([
      '/gocdbpi/public/?method=get_site_list&certification_status=Certified',
    ]);
  });

  it('reports an unreachable GOCDB and a wrong URL with different codes', async () => {
    handler = (_req, res) => {
      res.writeHead(503);
      res.end();
    };
    await expect(
      listGocdbEndpoints({ baseUrl: base, serviceType: 'org.openstack.nova' }),
    ).rejects.toMatchObject({
      code: 'SITE_UNREACHABLE',
      message: `GOCDB at ${base} is unreachable: HTTP 503 Service Unavailable`,
    });
    handler = (_req, res) => {
      res.writeHead(404);
      res.end();
    };
    await expect(
      listGocdbEndpoints({ baseUrl: base, serviceType: 'org.openstack.nova' }),
    ).rejects.toMatchObject({
      code: 'SITE_CONFIG_INVALID',
      message: `GOCDB at ${base} refused the query: HTTP 404 Not Found`,
    });
  });

  it('gives up after the timeout', async () => {
    handler = () => undefined;
    await expect(
      listGocdbEndpoints({ baseUrl: base, serviceType: 'x', timeoutMs: 200 }),
    ).rejects.toMatchObject({
      code: 'SITE_UNREACHABLE',
      message: `GOCDB at ${base} is unreachable: no answer within 0.2 s`,
    });
    server.closeAllConnections();
  });
});
