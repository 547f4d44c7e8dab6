import {
  glanceImageFields,
  imagesByExpiry,
  isSameImage,
  type GlanceImageFields,
  type ImageEntry,
  type ImageList,
} from '@fedcloud/sdk/image-list';

/** What the plan needs of one Glance image the sync manages (tagged, of this subscription). */
export interface ManagedImage {
  id: string;
  status: string;
  visibility: string;
  owner?: string;
  createdAt: string;
  properties: Record<string, unknown>;
}

export interface SyncSubscription {
  /** The subscription's name, written as `image_list` on every image it brings. */
  name: string;
  /** The VO's project at this site, with which images are shared. */
  project?: string;
  /** Only these image identifiers of the list; empty: all. */
  images: string[];
  prefix?: string;
}

export interface SyncSettings {
  globalPrefix?: string;
  tag: string;
  /** The formats this site's Glance takes, preferred first (the first is converted to). */
  formats: string[];
}

export type SyncAction =
  | { kind: 'upload'; image: ImageEntry; fields: GlanceImageFields; convertTo?: string }
  /** A `queued` image of an upload that never started its bytes: fill it instead of a new one. */
  | {
      kind: 'resume';
      glanceId: string;
      image: ImageEntry;
      fields: GlanceImageFields;
      convertTo?: string;
    }
  /** The list's image, already there: bring visibility and sharing in step. */
  | { kind: 'keep'; glanceId: string; image: ImageEntry; fields: GlanceImageFields }
  /** Deleted, or deactivated and made private when Glance refuses (the image is in use). */
  | { kind: 'retire'; glanceId: string; appdbId: string; reason: string };

export interface SyncPlan {
  actions: SyncAction[];
  /** Images of the list not brought, with why (one line each). */
  skipped: { identifier: string; title: string; reason: string }[];
}

/** HEPiX `hv:format` → the format the bytes are in (OVA holds a VMDK disk). */
function sourceFormat(image: ImageEntry): string {
  const format = image['hv:format'].toLowerCase();
  return format === 'ova' ? 'vmdk' : format;
}

const newestFirst = (a: ManagedImage, b: ManagedImage): number =>
  b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

/**
 * What one subscription's sync does, given its verified and trusted list and the images the sync
 * already put in Glance. Pure. A new or changed image (another sha512) is uploaded before the old
 * copy is retired, so a VO never sees a gap; images gone from the list, expired, or outside the
 * subscription's subset are retired; a crashed run's leftovers (a second copy, a half upload) are
 * resumed or retired, so a run after a crash converges without a duplicate. Without a list (not
 * fetched, not trusted) call nothing: what failed to be read never removes what was read before.
 */
export function planImageSync(
  list: ImageList,
  subscription: SyncSubscription,
  managed: ManagedImage[],
  settings: SyncSettings,
  now: Date,
): SyncPlan {
  const actions: SyncAction[] = [];
  const skipped: SyncPlan['skipped'] = [];
  const listExpired = Date.parse(list['dc:date:expires']) < now.getTime();
  const { current, expired } = imagesByExpiry(list, now);
  const subset = new Set(subscription.images);
  const wanted = new Map<string, ImageEntry>();
  for (const image of listExpired ? [] : current) {
    const id = image['dc:identifier'];
    if (subset.size > 0 && !subset.has(id)) continue;
    wanted.set(id, image);
  }
  const retireReason = new Map<string, string>();
  for (const image of expired) {
    const id = image['dc:identifier'];
    retireReason.set(id, `expired at ${image['dc:date:expires'] ?? '(no expiry date)'}`);
    if (subset.size === 0 || subset.has(id)) {
      skipped.push({ identifier: id, title: image['dc:title'], reason: retireReason.get(id)! });
    }
  }
  if (listExpired) {
    for (const { 'hv:image': image } of list['hv:images']) {
      retireReason.set(image['dc:identifier'], `the list expired at ${list['dc:date:expires']}`);
    }
  }

  const byAppdbId = new Map<string, ManagedImage[]>();
  for (const image of managed) {
    const id = typeof image.properties['appdb_id'] === 'string' ? image.properties['appdb_id'] : '';
    byAppdbId.set(id, [...(byAppdbId.get(id) ?? []), image]);
  }

  for (const [id, image] of wanted) {
    const fromFormat = sourceFormat(image);
    const accepted = settings.formats.map((f) => f.toLowerCase());
    const convertTo =
      accepted.length === 0 || accepted.includes(fromFormat) ? undefined : accepted[0];
    const fields = glanceImageFields(image, {
      listName: subscription.name,
      tag: settings.tag,
      diskFormat: convertTo ?? fromFormat,
      ...(settings.globalPrefix ? { globalPrefix: settings.globalPrefix } : {}),
      ...(subscription.prefix ? { listPrefix: subscription.prefix } : {}),
      ...(subscription.project ? { project: subscription.project } : {}),
    });
    const copies = (byAppdbId.get(id) ?? []).sort(newestFirst);
    byAppdbId.delete(id);
    const same = copies.filter((copy) => isSameImage(copy.properties, image));
    const active = same.find((copy) => copy.status === 'active');
    const queued = same.find((copy) => copy.status === 'queued');
    // Every copy but the one kept (the active one, else the queued one resumed) is retired.
    const kept = active ?? queued;
    if (active) {
      actions.push({ kind: 'keep', glanceId: active.id, image, fields });
    } else if (queued) {
      actions.push({
        kind: 'resume',
        glanceId: queued.id,
        image,
        fields,
        ...(convertTo ? { convertTo } : {}),
      });
    } else {
      actions.push({ kind: 'upload', image, fields, ...(convertTo ? { convertTo } : {}) });
    }
    for (const copy of copies.filter((c) => c !== kept)) {
      const reason = isSameImage(copy.properties, image)
        ? copy.status === 'active'
          ? 'a second copy of the same image'
          : `an unfinished upload (${copy.status})`
        : `replaced by version ${image['hv:version']}`;
      actions.push({ kind: 'retire', glanceId: copy.id, appdbId: id, reason });
    }
  }

  for (const [id, copies] of byAppdbId) {
    const reason =
      retireReason.get(id) ??
      (list['hv:images'].some((entry) => entry['hv:image']['dc:identifier'] === id)
        ? 'not in the subscription any more'
        : 'removed from the list');
    for (const copy of copies.sort(newestFirst)) {
      actions.push({ kind: 'retire', glanceId: copy.id, appdbId: id, reason });
    }
  }
  // Uploads first, retirements last: the old version stays until the new one is there.
  const order = { keep: 0, resume: 1, upload: 2, retire: 3 } as const;
  actions.sort((a, b) => order[a.kind] - order[b.kind]);
  return { actions, skipped };
}
