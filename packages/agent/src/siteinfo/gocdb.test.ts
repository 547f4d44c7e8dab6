import { describe, expect, it } from 'vitest';
import { parseServiceEndpoints } from '@fedcloud/sdk';
import { findServiceByUrl, lookupGocdbService } from './gocdb.js';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<results>
  <SERVICE_ENDPOINT PRIMARY_KEY="7G0">
    <PRIMARY_KEY>7G0</PRIMARY_KEY>
    <HOSTNAME>other.example.org</HOSTNAME>
    <GOCDB_PORTAL_URL>https://hub.example.org/portal?Page_Type=Service&amp;id=7</GOCDB_PORTAL_URL>
    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>
    <SITENAME>EXAMPLE-SITE</SITENAME>
    <URL>https://other.example.org:5000/v3</URL>
    <ENDPOINTS/>
  </SERVICE_ENDPOINT>
  <SERVICE_ENDPOINT PRIMARY_KEY="12G0">
    <PRIMARY_KEY>12G0</PRIMARY_KEY>
    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>
    <SITENAME>EXAMPLE-SITE</SITENAME>
    <URL/>
    <ENDPOINTS>
      <ENDPOINT>
        <ID>1</ID>
        <URL>https://keystone.example.org:5000/v3?a=1&amp;b=2</URL>
        <INTERFACENAME>org.openstack.nova</INTERFACENAME>
      </ENDPOINT>
    </ENDPOINTS>
  </SERVICE_ENDPOINT>
</results>`;

describe('findServiceByUrl', () => {
  const services = parseServiceEndpoints(XML, 'https://hub.example.org/gocdbpi/public/');

  it('matches on scheme, host:port and path, ignoring slashes and the query', () => {
    expect(findServiceByUrl('https://keystone.example.org:5000/v3/', services)).toEqual({
      gocdb_id: '12G0',
      site_name: 'EXAMPLE-SITE',
    });
    expect(findServiceByUrl('https://other.example.org:5000/v3', services)?.gocdb_id).toBe('7G0');
  });

  it('does not match another port, scheme or path', () => {
    expect(findServiceByUrl('https://keystone.example.org/v3', services)).toBeUndefined();
    expect(findServiceByUrl('http://keystone.example.org:5000/v3', services)).toBeUndefined();
    expect(
      findServiceByUrl('https://keystone.example.org:5000/identity/v3', services),
    ).toBeUndefined();
  });
});

describe('lookupGocdbService', () => {
  it('asks the hub for the site nova services and matches the URL', async () => {
    const seen: string[] = [];
    const fetchFn = (async (url: URL) => {
      seen.push(url.toString());
      return new Response(XML, { status: 200, headers: { 'content-type': 'application/xml' } });
    }) as unknown as typeof fetch;
    const result = await lookupGocdbService({
      hubUrl: 'https://hub.example.org/base',
      siteName: 'EXAMPLE SITE',
      serviceUrl: 'https://keystone.example.org:5000/v3/',
      fetch: fetchFn,
    });
    expect(result).toEqual({ ok: true, match: { gocdb_id: '12G0', site_name: 'EXAMPLE-SITE' } });
    expect(seen).toEqual([
      'https://hub.example.org/base/gocdbpi/public/?method=get_service_endpoint&service_type=org.openstack.nova&sitename=EXAMPLE+SITE',
    ]);
  });

  it('reports an HTTP error, a network error and a missing match as reasons', async () => {
    const answer = (status: number, body = '<results/>') =>
      (async () => new Response(body, { status })) as unknown as typeof fetch;
    const base = { hubUrl: 'https://hub.example.org', siteName: 'S', serviceUrl: 'https://k/v3' };
    expect(await lookupGocdbService({ ...base, fetch: answer(500) })).toEqual({
      ok: false,
      reason: 'GOCDB API answered HTTP 500',
    });
    expect(await lookupGocdbService({ ...base, fetch: answer(200) })).toEqual({
      ok: false,
      reason: 'no org.openstack.nova service of S in GOCDB has URL https://k/v3',
    });
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect(await lookupGocdbService({ ...base, fetch: failing })).toEqual({
      ok: false,
      reason: 'GOCDB API unreachable: fetch failed',
    });
  });
});
