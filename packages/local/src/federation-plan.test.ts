import type { RoleGrantEntry, SiteDetail } from '@fedcloud/hub/api-types';
import { describe, expect, it } from 'vitest';
import { desiredSite, planRegistration } from './federation-plan.js';

const running = (name: string, port: number) => ({
  name,
  identityUrl: `https://127.0.0.1:${port}/v3`,
  baseUrl: `https://127.0.0.1:${port}`,
  agentClientId: `agent-${name.toLowerCase()}`,
});

/** The hub's detail of a site registered from `desired` (what a first start leaves behind). */
function registered(desired: ReturnType<typeof desiredSite>): SiteDetail {
  const { site } = desired;
  return {
    name: site.name,
    officialName: site.officialName ?? '',
    country: site.country ?? '',
    countryCode: site.countryCode ?? '',
    latitude: site.latitude ?? null,
    longitude: site.longitude ?? null,
    certificationStatus: site.certificationStatus ?? '',
    productionInfrastructure: site.productionInfrastructure ?? '',
    status: 'ok',
    voCount: 0,
    endpointCount: 2,
    lastPublishedAt: null,
    infoExpiresAt: null,
    statusReason: null,
    failingSince: null,
    description: site.description ?? '',
    roc: site.roc ?? '',
    contactEmail: site.contactEmail ?? '',
    contactTel: '',
    homeUrl: site.homeUrl ?? '',
    timezone: site.timezone ?? '',
    extensions: {},
    endpoints: desired.endpoints.map((e, i) => ({
      id: i + 1,
      primaryKey: `${i + 1}G0`,
      site: site.name,
      serviceType: e.serviceType,
      hostname: new URL(e.url).hostname,
      url: e.url,
      hostDn: '',
      inProduction: true,
      monitored: true,
      beta: false,
      description: '',
    })),
    vos: [],
    downtimes: [],
  };
}

const grant = (subject: string, target: string): RoleGrantEntry => ({
  id: 1,
  subject,
  role: 'site-agent',
  target,
  createdAt: '2025-01-01T00:00:00Z',
  createdBy: 'fedcloud-hub-admin',
});

describe('desiredSite', () => {
  it('places the sites in different European countries, certified, with both endpoints', () => {
    const sites = ['SANDBOX-ALPHA', 'SANDBOX-BETA', 'SANDBOX-GAMMA'].map((name, i) =>
      desiredSite(i, running(name, 7501 + i)),
    );
    expect(new Set(sites.map((s) => s.site.countryCode)).size).toBe(3);
    for (const { site } of sites) {
      expect(site.latitude).toBeGreaterThan(35);
      expect(site.latitude).toBeLessThan(62);
      expect(site.longitude).toBeGreaterThan(-10);
      expect(site.longitude).toBeLessThan(30);
      expect(site).toMatchObject({
        certificationStatus: 'Certified',
        productionInfrastructure: 'Production',
      });
    }
    expect(sites[1]?.endpoints).toEqual([
      expect.objectContaining({
        serviceType: 'org.openstack.nova',
        url: 'https://127.0.0.1:7502/v3',
        inProduction: true,
        monitored: true,
      }),
      expect.objectContaining({
        serviceType: 'eu.egi.cloud.accounting',
        url: 'https://127.0.0.1:7502',
      }),
    ]);
  });

  it('never puts two sites on the same spot, even with many sites', () => {
    const spots = Array.from({ length: 40 }, (_, i) => {
      const { site } = desiredSite(i, running(`SANDBOX-${i}`, 8000 + i));
      return `${site.latitude},${site.longitude}`;
    });
    expect(new Set(spots).size).toBe(40);
  });
});

describe('planRegistration', () => {
  const alpha = desiredSite(0, running('SANDBOX-ALPHA', 7501));

  it('registers a new site, its two endpoints and the agent grant', () => {
    expect(planRegistration(alpha, undefined, []).map((s) => s.kind)).toEqual([
      'create-site',
      'add-endpoint',
      'add-endpoint',
      'grant',
    ]);
    const steps = planRegistration(alpha, undefined, []);
    expect(steps.at(-1)).toEqual({
      kind: 'grant',
      site: 'SANDBOX-ALPHA',
      body: { subject: 'agent-sandbox-alpha', role: 'site-agent', target: 'SANDBOX-ALPHA' },
    });
  });

  it('does nothing on a restart where nothing moved', () => {
    expect(
      planRegistration(alpha, registered(alpha), [grant('agent-sandbox-alpha', 'SANDBOX-ALPHA')]),
    ).toEqual([]);
  });

  it('follows the sandbox to new ports, keeping what operators edited', () => {
    const before = registered(alpha);
    before.officialName = 'Renamed by the site admin';
    before.contactEmail = 'ops@example.org';
    const moved = desiredSite(0, running('SANDBOX-ALPHA', 9001));
    expect(
      planRegistration(moved, before, [grant('agent-sandbox-alpha', 'SANDBOX-ALPHA')]),
    ).toEqual([
      {
        kind: 'update-site',
        site: 'SANDBOX-ALPHA',
        body: {
          homeUrl: 'https://127.0.0.1:9001',
          description:
            'Emulated OpenStack site of the fedcloud sandbox (https://127.0.0.1:9001/v3)',
        },
      },
      {
        kind: 'update-endpoint',
        site: 'SANDBOX-ALPHA',
        id: 1,
        body: { url: 'https://127.0.0.1:9001/v3' },
      },
      {
        kind: 'update-endpoint',
        site: 'SANDBOX-ALPHA',
        id: 2,
        body: { url: 'https://127.0.0.1:9001' },
      },
    ]);
  });

  it("adds a missing endpoint and a grant given to another site's agent only", () => {
    const partial = registered(alpha);
    partial.endpoints = partial.endpoints.filter((e) => e.serviceType === 'org.openstack.nova');
    const steps = planRegistration(alpha, partial, [grant('agent-sandbox-alpha', 'SANDBOX-BETA')]);
    expect(steps.map((s) => s.kind)).toEqual(['add-endpoint', 'grant']);
    expect(steps[0]).toMatchObject({ body: { serviceType: 'eu.egi.cloud.accounting' } });
  });
});
