import type {
  Endpoint,
  EndpointInput,
  RoleGrantEntry,
  SiteDetail,
  SiteInput,
} from '@fedcloud/hub/api-types';
import { ACCOUNTING_SERVICE_TYPE, NOVA_SERVICE_TYPE } from '@fedcloud/sdk';

/** What the hub should know of one sandbox site. */
export interface DesiredSite {
  site: SiteInput & { name: string };
  endpoints: (EndpointInput & { serviceType: string; url: string })[];
  /** The OIDC client of the site's agent, to be granted site-agent(site). */
  agentClientId: string;
}

interface Place {
  officialName: string;
  country: string;
  countryCode: string;
  timezone: string;
  latitude: number;
  longitude: number;
}

/**
 * Real research-cloud towns, so the dashboard's map shows a spread-out federation. Sites past the
 * list reuse a town, moved a little so no two markers sit on top of each other.
 */
const PLACES: Place[] = [
  {
    officialName: 'Sandbox Alpha Cloud, Bratislava',
    country: 'Slovakia',
    countryCode: 'SK',
    timezone: 'Europe/Bratislava',
    latitude: 48.1486,
    longitude: 17.1077,
  },
  {
    officialName: 'Sandbox Beta Cloud, Santiago de Compostela',
    country: 'Spain',
    countryCode: 'ES',
    timezone: 'Europe/Madrid',
    latitude: 42.8782,
    longitude: -8.5448,
  },
  {
    officialName: 'Sandbox Gamma Cloud, Brno',
    country: 'Czech Republic',
    countryCode: 'CZ',
    timezone: 'Europe/Prague',
    latitude: 49.1951,
    longitude: 16.6068,
  },
  {
    officialName: 'Sandbox Delta Cloud, Lisbon',
    country: 'Portugal',
    countryCode: 'PT',
    timezone: 'Europe/Lisbon',
    latitude: 38.7223,
    longitude: -9.1393,
  },
  {
    officialName: 'Sandbox Epsilon Cloud, Karlsruhe',
    country: 'Germany',
    countryCode: 'DE',
    timezone: 'Europe/Berlin',
    latitude: 49.0069,
    longitude: 8.4037,
  },
  {
    officialName: 'Sandbox Zeta Cloud, Bologna',
    country: 'Italy',
    countryCode: 'IT',
    timezone: 'Europe/Rome',
    latitude: 44.4949,
    longitude: 11.3426,
  },
  {
    officialName: 'Sandbox Eta Cloud, Amsterdam',
    country: 'Netherlands',
    countryCode: 'NL',
    timezone: 'Europe/Amsterdam',
    latitude: 52.3676,
    longitude: 4.9041,
  },
  {
    officialName: 'Sandbox Theta Cloud, Lyon',
    country: 'France',
    countryCode: 'FR',
    timezone: 'Europe/Paris',
    latitude: 45.764,
    longitude: 4.8357,
  },
  {
    officialName: 'Sandbox Iota Cloud, Kraków',
    country: 'Poland',
    countryCode: 'PL',
    timezone: 'Europe/Warsaw',
    latitude: 50.0647,
    longitude: 19.945,
  },
  {
    officialName: 'Sandbox Kappa Cloud, Ljubljana',
    country: 'Slovenia',
    countryCode: 'SI',
    timezone: 'Europe/Ljubljana',
    latitude: 46.0569,
    longitude: 14.5058,
  },
  {
    officialName: 'Sandbox Lambda Cloud, Athens',
    country: 'Greece',
    countryCode: 'GR',
    timezone: 'Europe/Athens',
    latitude: 37.9838,
    longitude: 23.7275,
  },
  {
    officialName: 'Sandbox Mu Cloud, Espoo',
    country: 'Finland',
    countryCode: 'FI',
    timezone: 'Europe/Helsinki',
    latitude: 60.2055,
    longitude: 24.6559,
  },
];

/** The hub's view of a sandbox site: place, certification, Keystone and accounting endpoints. */
export function desiredSite(
  index: number,
  site: { name: string; identityUrl: string; baseUrl: string; agentClientId: string },
): DesiredSite {
  const place = PLACES[index % PLACES.length] as Place;
  const round = Math.floor(index / PLACES.length);
  const shift = round * 0.35;
  const officialName =
    round === 0
      ? place.officialName
      : `${site.name} Cloud, ${place.officialName.split(', ')[1] ?? ''}`;
  return {
    site: {
      name: site.name,
      officialName,
      description: `Emulated OpenStack site of the fedcloud sandbox (${site.identityUrl})`,
      country: place.country,
      countryCode: place.countryCode,
      roc: `NGI_${place.countryCode}`,
      latitude: Number((place.latitude + shift).toFixed(4)),
      longitude: Number((place.longitude + shift).toFixed(4)),
      contactEmail: `cloud-admin@${site.name.toLowerCase()}.sandbox.example.org`,
      homeUrl: site.baseUrl,
      certificationStatus: 'Certified',
      productionInfrastructure: 'Production',
      timezone: place.timezone,
    },
    endpoints: [
      {
        serviceType: NOVA_SERVICE_TYPE,
        url: site.identityUrl,
        inProduction: true,
        monitored: true,
        description: 'Keystone v3 with OIDC federation (OS-FEDERATION, identity provider egi.eu)',
      },
      {
        serviceType: ACCOUNTING_SERVICE_TYPE,
        url: site.baseUrl,
        inProduction: true,
        monitored: true,
        description: 'Cloud accounting records (APEL) sent by the site agent',
      },
    ],
    agentClientId: site.agentClientId,
  };
}

/** One write to the hub's native API. */
export type RegistrationStep =
  | { kind: 'create-site'; site: string; body: SiteInput }
  | { kind: 'update-site'; site: string; body: Partial<SiteInput> }
  | { kind: 'add-endpoint'; site: string; body: EndpointInput }
  | { kind: 'update-endpoint'; site: string; id: number; body: Partial<EndpointInput> }
  | { kind: 'grant'; site: string; body: { subject: string; role: 'site-agent'; target: string } };

/**
 * The writes that make the hub hold `desired`, given what it holds now (`current` is undefined
 * for a site it does not know): nothing for what is already there, so restarts on the same data
 * folder are quiet, and an update where the sandbox moved (new ports after `--sites-port 0`).
 */
export function planRegistration(
  desired: DesiredSite,
  current: SiteDetail | undefined,
  grants: RoleGrantEntry[],
): RegistrationStep[] {
  const name = desired.site.name;
  const steps: RegistrationStep[] = [];
  if (!current) {
    steps.push({ kind: 'create-site', site: name, body: desired.site });
  } else {
    const changed = siteChanges(desired.site, current);
    if (Object.keys(changed).length > 0)
      steps.push({ kind: 'update-site', site: name, body: changed });
  }
  const existing: Endpoint[] = current?.endpoints ?? [];
  for (const endpoint of desired.endpoints) {
    const same = existing.find((e) => e.serviceType === endpoint.serviceType);
    if (!same) {
      steps.push({ kind: 'add-endpoint', site: name, body: endpoint });
    } else if (same.url !== endpoint.url) {
      steps.push({ kind: 'update-endpoint', site: name, id: same.id, body: { url: endpoint.url } });
    }
  }
  const granted = grants.some(
    (g) => g.subject === desired.agentClientId && g.role === 'site-agent' && g.target === name,
  );
  if (!granted) {
    steps.push({
      kind: 'grant',
      site: name,
      body: { subject: desired.agentClientId, role: 'site-agent', target: name },
    });
  }
  return steps;
}

/**
 * Only what follows the running sandbox (its URLs, which change with free ports) is brought back
 * in step; the rest may have been edited on the hub since (a site admin's contact, a
 * certification change) and is left as it is.
 */
const FOLLOWS_SANDBOX = ['homeUrl', 'description'] as const;

function siteChanges(wanted: SiteInput, current: SiteDetail): Partial<SiteInput> {
  const out: Partial<SiteInput> = {};
  for (const key of FOLLOWS_SANDBOX) {
    const value = wanted[key];
    if (value !== undefined && current[key] !== value) out[key] = value;
  }
  return out;
}
