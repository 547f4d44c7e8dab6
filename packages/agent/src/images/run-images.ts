import {
  getProject,
  listAuthProjects,
  listImages,
  type Client,
  type Transport,
} from '@fedcloud/openstack';
import type { ImageList } from '@fedcloud/sdk/image-list';
import { readTrustAnchors, type TrustAnchors } from '@fedcloud/sdk/smime';
import { ensurePrivateDir } from '../accounting/durable-file.js';
import { identity, siteAccess, type SiteAccess } from '../accounting/keystone-access.js';
import { acquireSpoolLock } from '../accounting/spool-lock.js';
import { AgentError, reasonOf } from '../errors.js';
import type { KeystoneCredentials } from '../siteinfo/collect.js';
import {
  ImageSyncFailure,
  retireImage,
  shareImage,
  uploadListImage,
  type ApplyContext,
  type ImageProgress,
} from './apply-image.js';
import type { ImagesConfig, ImageSubscription } from './config.js';
import type { ImageCrashHook } from './crash-points.js';
import { fetchTrustedList } from './fetch-list.js';
import { planImageSync, type ManagedImage, type SyncAction } from './sync-plan.js';

export interface ImagesRunOptions {
  config: ImagesConfig;
  authUrl: string;
  credentials: KeystoneCredentials;
  /** How OpenStack is reached. */
  transport: Transport;
  /** How the lists and the images' URLs are fetched. */
  fetch: typeof fetch;
  dryRun?: boolean;
  /** Only this subscription (`--subscription`). */
  only?: string;
  now?: () => Date;
  log: (line: string) => void;
  progress?: (subscription: string, event: ImageProgress) => void;
  crash?: ImageCrashHook;
  signal?: AbortSignal;
}

interface SubscriptionSummary {
  name: string;
  url: string;
  /** synced: all done; failed: the list was refused or some image failed; disabled: skipped. */
  status: 'synced' | 'failed' | 'disabled';
  /** Why nothing was changed for this subscription (the list not fetched or not trusted). */
  reason?: string;
  listVersion?: string;
  project?: string;
  uploaded: { identifier: string; title: string; glanceId: string; version: string }[];
  kept: { identifier: string; title: string; glanceId: string }[];
  retired: { glanceId: string; appdbId: string; reason: string; how: 'deleted' | 'deactivated' }[];
  skipped: { identifier: string; title: string; reason: string }[];
  failed: { identifier: string; title?: string; glanceId?: string; reason: string }[];
  /** Dry run: what would be done, one line each. */
  planned?: string[];
}

export interface ImagesSummary {
  ok: boolean;
  dryRun: boolean;
  subscriptions: SubscriptionSummary[];
}

/**
 * One run of the image sync (atrope's `atrope sync`): for each enabled subscription, the list is
 * fetched and trusted, the plan worked out against what the sync already put in Glance, and
 * applied. One subscription's failure never stops the others; a list not trusted changes nothing.
 * One run at a time per state folder.
 */
export async function runImageSync(options: ImagesRunOptions): Promise<ImagesSummary> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const wanted = config.subscriptions.filter((s) => !options.only || s.name === options.only);
  if (options.only && wanted.length === 0) {
    throw new AgentError(
      'USAGE',
      `no subscription ${options.only} in ${config.file} (there are: ${config.subscriptions.map((s) => s.name).join(', ') || 'none'})`,
    );
  }
  let trust: TrustAnchors;
  try {
    trust = await readTrustAnchors(config.trustPath);
  } catch (error) {
    throw new AgentError('USAGE', `the CAs to trust for list signatures: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  await ensurePrivateDir(config.stateDir);
  const lock = await acquireSpoolLock(config.stateDir, now());
  if (!lock.ok) {
    const holder = lock.holder
      ? ` (pid ${lock.holder.pid} on ${lock.holder.host}, since ${lock.holder.since})`
      : '';
    throw new AgentError('STOPPED', `another image sync holds ${config.stateDir}/lock${holder}`);
  }
  try {
    const access = siteAccess({
      authUrl: options.authUrl,
      credentials: options.credentials,
      transport: options.transport,
      ...(config.regionName ? { regionName: config.regionName } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const owner = await access.project(config.project);
    const members = new Map<string, Promise<Client>>();
    let voProjects: Promise<Map<string, string>> | undefined;
    const summaries: SubscriptionSummary[] = [];
    for (const subscription of wanted) {
      const summary = emptySummary(subscription);
      summaries.push(summary);
      if (!subscription.enabled) {
        summary.status = 'disabled';
        continue;
      }
      try {
        const outcome = await fetchTrustedList(subscription, {
          fetch: options.fetch,
          trust,
          now: now(),
          stateDir: config.stateDir,
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (!outcome.ok) {
          summary.status = 'failed';
          summary.reason = outcome.reason;
          options.log(`${subscription.name}: nothing changed: ${outcome.reason}`);
          continue;
        }
        summary.listVersion = outcome.list['hv:version'];
        let project: string | undefined;
        if (subscription.target && 'vo' in subscription.target) {
          voProjects ??= mapVoProjects(access, owner, config.voProperty);
          project = (await voProjects).get(subscription.target.vo);
          if (!project) {
            throw new ImageSyncFailure(
              `no project at this site has the property ${config.voProperty}=${subscription.target.vo}`,
            );
          }
        } else if (subscription.target) project = subscription.target.project;
        if (project) summary.project = project;
        await syncOne(
          options,
          summary,
          subscription,
          outcome.list,
          {
            owner,
            ownerProject: config.project,
            member: (id) => {
              let client = members.get(id);
              if (!client) {
                client = access.project(id);
                members.set(id, client);
              }
              return client;
            },
            fetch: options.fetch,
            stateDir: config.stateDir,
            ...(options.progress
              ? { progress: (event: ImageProgress) => options.progress?.(subscription.name, event) }
              : {}),
            ...(options.crash ? { crash: options.crash } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          },
          project,
          now(),
        );
      } catch (error) {
        options.signal?.throwIfAborted();
        summary.status = 'failed';
        summary.reason = error instanceof ImageSyncFailure ? error.reason : reasonOf(error);
        options.log(`${subscription.name}: ${summary.reason}`);
      }
    }
    return {
      ok: summaries.every((s) => s.status !== 'failed'),
      dryRun: options.dryRun === true,
      subscriptions: summaries,
    };
  } finally {
    await lock.lock.release();
  }
}

function emptySummary(subscription: ImageSubscription): SubscriptionSummary {
  return {
    name: subscription.name,
    url: subscription.url,
    status: 'synced',
    uploaded: [],
    kept: [],
    retired: [],
    skipped: [],
    failed: [],
  };
}

async function syncOne(
  options: ImagesRunOptions,
  summary: SubscriptionSummary,
  subscription: ImageSubscription,
  list: ImageList,
  context: ApplyContext,
  project: string | undefined,
  now: Date,
): Promise<void> {
  const { config } = options;
  const managed = await managedImages(context.owner, config, subscription.name);
  const plan = planImageSync(
    list,
    {
      name: subscription.name,
      images: subscription.images,
      ...(subscription.prefix ? { prefix: subscription.prefix } : {}),
      ...(project ? { project } : {}),
    },
    managed,
    {
      tag: config.tag,
      formats: config.formats,
      ...(config.prefix ? { globalPrefix: config.prefix } : {}),
    },
    now,
  );
  summary.skipped = plan.skipped;
  if (options.dryRun) {
    summary.planned = plan.actions.map(describe);
    return;
  }
  // A new version that could not be brought must not take the old one away.
  const failedIds = new Set<string>();
  for (const action of plan.actions) {
    const identifier = action.kind === 'retire' ? action.appdbId : action.image['dc:identifier'];
    try {
      if (action.kind === 'keep') {
        await shareImage(context, action.glanceId, action.fields);
        summary.kept.push({
          identifier,
          title: action.image['dc:title'],
          glanceId: action.glanceId,
        });
      } else if (action.kind === 'upload' || action.kind === 'resume') {
        options.log(
          `${subscription.name}: ${action.kind === 'resume' ? 'filling the unfinished' : 'uploading'} ${action.image['dc:title']} (${action.image['hv:size']} bytes${action.convertTo ? `, converted to ${action.convertTo}` : ''})`,
        );
        const glanceId = await uploadListImage(context, action);
        summary.uploaded.push({
          identifier,
          title: action.image['dc:title'],
          glanceId,
          version: action.image['hv:version'],
        });
      } else if (failedIds.has(identifier) && action.reason.startsWith('replaced by')) {
        summary.skipped.push({
          identifier,
          title: identifier,
          reason: `old copy ${action.glanceId} kept: the new version could not be brought`,
        });
      } else {
        const how = await retireImage(context, action.glanceId);
        summary.retired.push({
          glanceId: action.glanceId,
          appdbId: identifier,
          reason: action.reason,
          how,
        });
      }
    } catch (error) {
      options.signal?.throwIfAborted();
      const reason = error instanceof ImageSyncFailure ? error.reason : reasonOf(error);
      failedIds.add(identifier);
      summary.status = 'failed';
      summary.failed.push({
        identifier,
        ...(action.kind === 'retire'
          ? { glanceId: action.glanceId }
          : { title: action.image['dc:title'] }),
        reason,
      });
      options.log(`${subscription.name}: ${identifier}: ${reason}`);
    }
  }
}

function describe(action: SyncAction): string {
  switch (action.kind) {
    case 'upload':
      return `upload ${action.image['dc:title']} (${action.image['dc:identifier']}, version ${action.image['hv:version']}${action.convertTo ? `, converted to ${action.convertTo}` : ''})`;
    case 'resume':
      return `fill the unfinished upload ${action.glanceId} with ${action.image['dc:title']}`;
    case 'keep':
      return `keep ${action.glanceId} (${action.image['dc:title']})`;
    case 'retire':
      return `retire ${action.glanceId} (${action.appdbId}): ${action.reason}`;
  }
}

/** The images this sync put in Glance for the subscription: tagged, owned, of this list. */
async function managedImages(
  owner: Client,
  config: ImagesConfig,
  name: string,
): Promise<ManagedImage[]> {
  const images = await listImages(owner, { tag: config.tag, owner: config.project });
  return images
    .filter((image) => image['image_list'] === name && image.owner === config.project)
    .map((image) => ({
      id: image.id,
      status: image.status,
      visibility: image.visibility ?? 'private',
      ...(image.owner ? { owner: image.owner } : {}),
      createdAt: image.created_at ?? '',
      properties: image,
    }));
}

/** VO → project at this site, by the projects' VO property (as cASO and the catch-all map them). */
async function mapVoProjects(
  access: SiteAccess,
  owner: Client,
  voProperty: string,
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const projects = await listAuthProjects(access.transport, identity(owner.auth));
  for (const project of projects) {
    const client = project.id === owner.auth.projectId ? owner : await access.project(project.id);
    const full = await getProject(access.transport, identity(client.auth), project.id);
    const vo = full[voProperty];
    if (typeof vo === 'string' && vo.trim() && !map.has(vo.trim())) map.set(vo.trim(), project.id);
  }
  return map;
}
