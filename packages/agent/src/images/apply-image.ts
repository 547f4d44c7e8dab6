import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCallback, type Readable, type Transform } from 'node:stream';
import {
  createImage,
  createImageMember,
  deactivateImage,
  deleteImage,
  getImage,
  isOpenStackError,
  listImageMembers,
  updateImage,
  updateImageMember,
  uploadImageData,
  type Client,
  type CreateImageRequest,
} from '@fedcloud/openstack';
import type { GlanceImageFields, ImageEntry } from '@fedcloud/sdk/image-list';
import { ensurePrivateDir } from '../accounting/durable-file.js';
import { reasonOf } from '../errors.js';
import { checkScratchSpace, convertImage } from './convert.js';
import type { ImageCrashHook } from './crash-points.js';
import { openImageSource } from './image-source.js';
import { ovaDiskStream } from './ova.js';
import type { SyncAction } from './sync-plan.js';
import { ImageBytesRefused, lastChunkGate, verifyingStream } from './verified-stream.js';

/** A whole image may take hours to stream; a stall is caught by the source's idle timer. */
const UPLOAD_TIMEOUT_MS = 12 * 3600_000;

export interface ImageProgress {
  title: string;
  bytes: number;
  total: number;
}

export interface ApplyContext {
  /** Scoped to the project that owns the images. */
  owner: Client;
  ownerProject: string;
  /** A client scoped to a member project, to accept an offered image as that project. */
  member(projectId: string): Promise<Client>;
  /** For the images' URLs. */
  fetch: typeof fetch;
  /** Scratch files (conversion only) go in `<stateDir>/tmp`. */
  stateDir: string;
  progress?: (event: ImageProgress) => void;
  crash?: ImageCrashHook;
  signal?: AbortSignal;
}

/** The image could not be brought; `reason` is its one line for the summary. */
export class ImageSyncFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ImageSyncFailure';
  }
}

type Upload = Extract<SyncAction, { kind: 'upload' | 'resume' }>;

/** HEPiX `hv:format` → the format of the bytes in the list (an OVA's disk is a VMDK). */
function listFormat(image: ImageEntry): { format: string; ova: boolean } {
  const format = image['hv:format'].toLowerCase();
  return format === 'ova' ? { format: 'vmdk', ova: true } : { format, ova: false };
}

/**
 * Brings one image of the list into Glance: the record is created first with every property the
 * sync keys on (so a crash leaves a queued image the next run recognises and fills, never a
 * second copy), then the bytes stream from the list's URL through the size and sha512 check
 * straight into Glance. Unless a conversion is needed, nothing is written to disk. Any failure
 * (wrong size or hash, a source that dies or sends too much) cuts the upload short and deletes
 * the Glance image. Returns the Glance image id, active and shared as the list says.
 */
export async function uploadListImage(context: ApplyContext, action: Upload): Promise<string> {
  const { image, fields } = action;
  const { ova } = listFormat(image);
  const container = ova && !action.convertTo ? 'bare' : fields.container_format;
  let id: string | undefined = action.kind === 'resume' ? action.glanceId : undefined;
  try {
    if (!id) {
      const created = await createImage(
        context.owner,
        {
          name: fields.name,
          disk_format: fields.disk_format as CreateImageRequest['disk_format'],
          container_format: container as CreateImageRequest['container_format'],
          // Private until the bytes are verified: the VO never sees a half image.
          visibility: 'private',
          tags: fields.tags,
          ...fields.properties,
        },
        call(context),
      );
      id = created.id;
      context.crash?.('image-created');
    }
    if (action.convertTo) await convertedUpload(context, id, action.image, action.convertTo);
    else await streamedUpload(context, id, action.image, ova);
    const stored = await getImage(context.owner, id, call(context));
    if (stored.status !== 'active') {
      throw new ImageBytesRefused(`Glance left the image ${stored.status} after the upload`);
    }
    // Glance's own figures, for bytes it took as they came (a conversion makes other bytes).
    if (!action.convertTo && !ova) {
      const sha512 = image['sl:checksum:sha512'].toLowerCase();
      if (stored.os_hash_value && stored.os_hash_value !== sha512) {
        throw new ImageBytesRefused(
          `Glance computed another sha512 (${stored.os_hash_value.slice(0, 16)}…)`,
        );
      }
      if (
        stored.size !== undefined &&
        stored.size !== null &&
        stored.size !== Number(image['hv:size'])
      ) {
        throw new ImageBytesRefused(`Glance stored ${stored.size} bytes, not ${image['hv:size']}`);
      }
    }
  } catch (error) {
    if (id) await deleteImage(context.owner, id).catch(() => undefined);
    throw new ImageSyncFailure(failureReason(error));
  }
  await shareImage(context, id, fields);
  return id;
}

function failureReason(error: unknown): string {
  if (error instanceof ImageSyncFailure) return error.reason;
  if (error instanceof ImageBytesRefused) return error.message;
  return `Glance: ${reasonOf(error)}`;
}

const call = (context: ApplyContext) => (context.signal ? { signal: context.signal } : {});

/**
 * source → size and sha512 → (the OVA's disk) → the last chunk held until all that ended well →
 * Glance. A refusal anywhere destroys every stream, which aborts the PUT before Glance has the
 * last byte.
 */
async function streamedUpload(
  context: ApplyContext,
  id: string,
  image: ImageEntry,
  ova: boolean,
): Promise<void> {
  const source = await openImageSource(image, context.fetch, context.signal);
  const total = Number(image['hv:size']);
  const verifier = verifyingStream(
    { size: total, sha512: image['sl:checksum:sha512'] },
    progressOf(context, image, total, source.touch),
  );
  const stages: Transform[] = [verifier, ...(ova ? [ovaDiskStream()] : []), lastChunkGate()];
  let streamError: Error | undefined;
  const body = pipelineCallback([source.body, ...stages], (error: unknown) => {
    if (error) streamError = error instanceof Error ? error : new Error(JSON.stringify(error));
  }) as unknown as Readable;
  try {
    await uploadImageData(context.owner, id, body, ova ? undefined : total, {
      timeoutMs: UPLOAD_TIMEOUT_MS,
      ...call(context),
    });
  } catch (error) {
    // The stream's own reason (hash, size, a dead source) says more than the aborted PUT.
    throw streamError ?? error;
  } finally {
    source.close();
  }
  if (streamError) throw streamError;
}

/** Only when the site's Glance does not take the list's format: download, convert, upload. */
async function convertedUpload(
  context: ApplyContext,
  id: string,
  image: ImageEntry,
  to: string,
): Promise<void> {
  const { format, ova } = listFormat(image);
  const dir = join(context.stateDir, 'tmp');
  await ensurePrivateDir(dir);
  const total = Number(image['hv:size']);
  await checkScratchSpace(dir, total);
  const input = join(dir, `${id}.${format}`);
  const output = join(dir, `${id}.${to}`);
  try {
    const source = await openImageSource(image, context.fetch, context.signal);
    try {
      await pipeline(
        source.body,
        verifyingStream(
          { size: total, sha512: image['sl:checksum:sha512'] },
          progressOf(context, image, total, source.touch),
        ),
        ...(ova ? [ovaDiskStream()] : []),
        createWriteStream(input, { mode: 0o600 }),
      );
    } finally {
      source.close();
    }
    await convertImage(input, format, output, to, context.signal);
    await rm(input, { force: true });
    const { size } = await stat(output);
    await uploadImageData(context.owner, id, createReadStream(output), size, {
      timeoutMs: UPLOAD_TIMEOUT_MS,
      ...call(context),
    });
  } finally {
    await rm(input, { force: true });
    await rm(output, { force: true });
  }
}

function progressOf(
  context: ApplyContext,
  image: ImageEntry,
  total: number,
  touch: () => void,
): (bytes: number) => void {
  let halfway = false;
  return (bytes) => {
    touch();
    context.progress?.({ title: image['dc:title'], bytes, total });
    if (!halfway && bytes * 2 >= total) {
      halfway = true;
      context.crash?.('image-half');
    }
  };
}

/**
 * Visibility as the plan says, and the VO's project a member that accepted the image: added by
 * the owner, then accepted as the member project, as atrope does with per-project credentials.
 */
export async function shareImage(
  context: ApplyContext,
  id: string,
  fields: GlanceImageFields,
): Promise<void> {
  const project = fields.properties['project'];
  const shareWith = project && project !== context.ownerProject ? project : undefined;
  const visibility = shareWith
    ? 'shared'
    : fields.visibility === 'shared'
      ? 'private'
      : fields.visibility;
  try {
    const image = await getImage(context.owner, id, call(context));
    if (image.visibility !== visibility) {
      await updateImage(
        context.owner,
        id,
        [{ op: 'replace', path: '/visibility', value: visibility }],
        call(context),
      );
    }
    if (!shareWith) return;
    const members = await listImageMembers(context.owner, id, call(context));
    let member = members.find((m) => m.member_id === shareWith);
    member ??= await createImageMember(context.owner, id, shareWith, call(context));
    if (member.status !== 'accepted') {
      const asMember = await context.member(shareWith);
      await updateImageMember(asMember, id, shareWith, 'accepted', call(context));
    }
  } catch (error) {
    throw new ImageSyncFailure(
      `sharing with project ${shareWith ?? '(none)'} failed: ${reasonOf(error)}`,
    );
  }
}

/**
 * Removes an image the list no longer holds. Glance refuses to delete an image in use (a
 * protected one, or one RBD clones depend on: 403 / 409); it is then made private and
 * deactivated, as atrope does, so no new server boots from it.
 */
export async function retireImage(
  context: ApplyContext,
  id: string,
): Promise<'deleted' | 'deactivated'> {
  try {
    await deleteImage(context.owner, id, call(context));
    return 'deleted';
  } catch (error) {
    if (!isOpenStackError(error) || (error.status !== 403 && error.status !== 409)) {
      throw new ImageSyncFailure(`delete failed: ${reasonOf(error)}`);
    }
  }
  try {
    const image = await getImage(context.owner, id, call(context));
    if (image.visibility !== 'private') {
      await updateImage(
        context.owner,
        id,
        [{ op: 'replace', path: '/visibility', value: 'private' }],
        call(context),
      );
    }
    if (image.status === 'active') await deactivateImage(context.owner, id, call(context));
    return 'deactivated';
  } catch (error) {
    throw new ImageSyncFailure(
      `Glance refused the delete, and deactivating failed: ${reasonOf(error)}`,
    );
  }
}
