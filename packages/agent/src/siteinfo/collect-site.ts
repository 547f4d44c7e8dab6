import type { SecureContext } from 'node:tls';
import type { Client, Transport } from '@fedcloud/openstack';
import type { SiteConfig } from '@fedcloud/sdk';
import { AgentError, reasonOf } from '../errors.js';
import { checkAuditorRole, type AuditorCloud } from './auditor-role.js';
import { collectShare, novaVersion, openProject, type KeystoneCredentials } from './collect.js';
import { probeEndpointCa } from './endpoint-ca.js';
import { lookupGocdbService } from './gocdb.js';
import type { ShareOutcome, SiteInfo } from './types.js';

export interface CollectSiteOptions {
  credentials: KeystoneCredentials;
  /** For OpenStack calls (custom CA trust lives in its dispatcher or fetch). */
  transport: Transport;
  /** For the hub's GOCDB API. */
  fetch: typeof fetch;
  /** The hub; without it the service gets no gocdb_id (a warning says so). */
  hubUrl?: string;
  /** TLS trust for the endpoint certificate check. */
  secureContext?: SecureContext;
  /** Endpoint `Authentication` (keystoneauth plugin name), when configured. */
  authentication?: string;
  /** Stop at the first VO whose project cannot be read (cloud-info-provider's flag). */
  exitOnShareErrors?: boolean;
  /** `--auditor-role-cloud`: the account whose right to list users is published. */
  auditorCloud?: AuditorCloud;
  signal?: AbortSignal;
  /** Progress lines (never secrets). */
  log?: (line: string) => void;
}

/**
 * One collection pass over a site: GOCDB id and TLS issuer (in parallel), then each VO's project
 * in the site file's order, then Nova's version through the last project that worked.
 */
export async function collectSite(
  site: SiteConfig,
  options: CollectSiteOptions,
): Promise<{ info: SiteInfo; warnings: string[] }> {
  const warnings: string[] = [];
  const context = {
    transport: options.transport,
    ...(options.signal ? { signal: options.signal } : {}),
    extraSpecs: new Map<string, Promise<Record<string, string>>>(),
  };

  const gocdbPromise: Promise<Record<string, string>> = options.hubUrl
    ? lookupGocdbService({
        hubUrl: options.hubUrl,
        siteName: site.name,
        serviceUrl: site.endpoint,
        fetch: options.fetch,
        ...(options.signal ? { signal: options.signal } : {}),
      }).then((result) => {
        if (result.ok) return { ...result.match };
        warnings.push(`gocdb_id left out: ${result.reason}`);
        return {};
      })
    : Promise.resolve().then(() => {
        warnings.push('gocdb_id left out: no hub configured to look the site up in GOCDB');
        return {};
      });
  const caPromise = probeEndpointCa(site.endpoint, {
    ...(options.secureContext ? { secureContext: options.secureContext } : {}),
  }).then(({ info, warning }) => {
    if (warning) warnings.push(warning);
    return info;
  });

  const auditorPromise = options.auditorCloud
    ? checkAuditorRole(options.transport, options.auditorCloud, options.signal).then((r) => {
        if (r.warning) warnings.push(r.warning);
        return r.auditorRole;
      })
    : Promise.resolve(undefined);

  const shares: ShareOutcome[] = [];
  let lastWorking: Client | undefined;
  for (const vo of site.vos) {
    try {
      const client = await openProject(site, vo, options.credentials, context);
      const share = await collectShare(client, vo.name, context);
      shares.push({ ok: true, share });
      lastWorking = client;
      options.log?.(
        `${site.name}: ${vo.name} (project ${share.projectId}): ${share.images.length} images, ${share.flavors.length} flavors, ${share.serverStatuses.length} servers`,
      );
    } catch (error) {
      options.signal?.throwIfAborted();
      const reason = reasonOf(error);
      if (options.exitOnShareErrors) {
        throw new AgentError('SHARE_FAILED', `${site.name}: VO ${vo.name}: ${reason}`, {
          cause: error,
          details: { vo: vo.name, projectId: vo.projectId },
        });
      }
      shares.push({ ok: false, vo: vo.name, projectId: vo.projectId, error: reason });
      warnings.push(`VO ${vo.name} (project ${vo.projectId}) left out: ${reason}`);
    }
  }

  let nova: SiteInfo['nova'];
  if (lastWorking) {
    const read = await novaVersion(lastWorking, context);
    nova = read.version;
    if (read.warning) warnings.push(read.warning);
  }

  const [gocdb, ca, auditorRole] = await Promise.all([gocdbPromise, caPromise, auditorPromise]);
  const info: SiteInfo = {
    siteName: site.name,
    endpoint: site.endpoint,
    gocdb,
    ca,
    ...(options.authentication === undefined ? {} : { authentication: options.authentication }),
    ...(nova ? { nova } : {}),
    ...(auditorRole === undefined ? {} : { auditorRole }),
    ...(site.region === undefined ? {} : { region: site.region }),
    shares,
  };
  return { info, warnings };
}
