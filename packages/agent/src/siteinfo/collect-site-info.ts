import type { SiteConfig } from '@fedcloud/sdk';
import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import { openConnection, type Connection, type ConnectionOptions } from '../connection.js';
import { AgentError } from '../errors.js';
import { buildGlueDocument } from './build-glue.js';
import type { KeystoneCredentials } from './collect.js';
import { collectSite } from './collect-site.js';
import type { AuditorCloud } from './auditor-role.js';
import type { LastGoodShares } from './last-good.js';
import { readSiteFile } from './read-site-file.js';
import type { FlavorPropertyKeys, FlavorSelection, GlueDocument, ShareOutcome } from './types.js';

export interface CollectSiteInfoOptions extends ConnectionOptions {
  /** fedcloud-catchall-operations site YAML; read afresh at every call. */
  siteFile: string;
  /** The site's Keystone account (a reader on every VO project) or an OIDC token source. */
  keystone: KeystoneCredentials;
  /** The hub, to find the site's GOCDB service id; without it gocdb_id is left out. */
  hubUrl?: string;
  /** GLUE Validity in seconds; default 43200. */
  validitySeconds?: number;
  selectFlavors?: FlavorSelection;
  onlyAppdbImages?: boolean;
  flavorProperties?: Partial<FlavorPropertyKeys>;
  /** Fail (SHARE_FAILED) instead of leaving out a VO whose project cannot be read. */
  exitOnShareErrors?: boolean;
  /** Endpoint `Authentication` (keystoneauth plugin name, e.g. v3oidcaccesstoken). */
  authentication?: string;
  /**
   * Shares as last read: a VO whose project fails this time is published from there, marked
   * stale, instead of being left out (cloud-info-provider's way, without it).
   */
  lastGood?: LastGoodShares;
  /** `--auditor-role-cloud`: publish whether this account may list the site's users. */
  auditorCloud?: AuditorCloud;
  now?: () => Date;
  signal?: AbortSignal;
  /** Progress lines (never secrets). */
  log?: (line: string) => void;
}

export interface ShareSummary {
  vo: string;
  projectId: string;
  ok: boolean;
  error?: string;
  /** For a failed VO: when the share it was published from was read. */
  keptFrom?: string;
  images?: number;
  flavors?: number;
  servers?: number;
}

export interface SiteInfoResult {
  /** GOCDB name from the site file. */
  siteName: string;
  /** The GLUE 2.1 document, checked against glue21DocumentSchema. */
  document: GlueDocument;
  warnings: string[];
  shares: ShareSummary[];
}

/**
 * Reads the site file, collects every VO's project and builds the GLUE 2.1 document
 * cloud-info-provider 1.x would publish for the site.
 * @throws AgentError SITE_FILE_INVALID, SHARE_FAILED (with exitOnShareErrors), SITE_UNREADABLE
 *   (no VO's project could be read: there is nothing true to publish), DOCUMENT_INVALID
 */
export async function collectSiteInfo(options: CollectSiteInfoOptions): Promise<SiteInfoResult> {
  const connection = openConnection(options);
  try {
    return await collectSiteInfoWith(connection, options);
  } finally {
    await connection.close();
  }
}

async function collectSiteInfoWith(
  connection: Connection,
  options: CollectSiteInfoOptions,
): Promise<SiteInfoResult> {
  return collectFromSite(connection, await readSiteFile(options.siteFile), options);
}

/** Collection and building for a site file already read. */
export async function collectFromSite(
  connection: Connection,
  site: SiteConfig,
  options: Omit<CollectSiteInfoOptions, 'siteFile'>,
): Promise<SiteInfoResult> {
  const creationTime = (options.now ?? (() => new Date()))();
  const { info, warnings } = await collectSite(site, {
    credentials: options.keystone,
    transport: connection.transport,
    fetch: connection.fetch,
    hubUrl: options.hubUrl,
    ...(connection.secureContext ? { secureContext: connection.secureContext } : {}),
    authentication: options.authentication,
    ...(options.exitOnShareErrors ? { exitOnShareErrors: true } : {}),
    ...(options.auditorCloud ? { auditorCloud: options.auditorCloud } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const failed = info.shares.filter((s) => !s.ok);
  if (info.shares.length > 0 && failed.length === info.shares.length) {
    const reasons = [...new Set(failed.map((s) => s.error))];
    throw new AgentError(
      'SITE_UNREADABLE',
      `${site.name}: no VO project could be read: ${reasons.slice(0, 3).join('; ')}`,
      { details: { site: site.name, vos: failed.map((s) => s.vo) } },
    );
  }
  const read = info.shares;
  if (options.lastGood) info.shares = await options.lastGood.complete(read);
  const built = buildGlueDocument(info, {
    creationTime,
    validitySeconds: options.validitySeconds,
    selectFlavors: options.selectFlavors,
    ...(options.onlyAppdbImages ? { onlyAppdbImages: true } : {}),
    ...(options.flavorProperties ? { flavorProperties: options.flavorProperties } : {}),
  });
  const checked = glue21DocumentSchema.safeParse(built.document);
  if (!checked.success) {
    const problems = checked.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AgentError(
      'DOCUMENT_INVALID',
      `the GLUE document built for ${site.name} is invalid: ${problems.join('; ')}`,
      { details: { issues: checked.error.issues } },
    );
  }
  if (options.lastGood) {
    const problem = await options.lastGood.remember(read, creationTime);
    if (problem) warnings.push(problem);
  }
  return {
    siteName: site.name,
    document: built.document,
    warnings: [...warnings, ...built.warnings],
    shares: info.shares.map(summarise),
  };
}

function summarise(outcome: ShareOutcome): ShareSummary {
  if (!outcome.ok) {
    return {
      vo: outcome.vo,
      projectId: outcome.projectId,
      ok: false,
      error: outcome.error,
      ...(outcome.lastGood
        ? { keptFrom: outcome.lastGood.at ?? 'never read: published with no images or flavors' }
        : {}),
    };
  }
  const { share } = outcome;
  return {
    vo: share.vo,
    projectId: share.projectId,
    ok: true,
    images: share.images.length,
    flavors: share.flavors.length,
    servers: share.serverStatuses.length,
  };
}
