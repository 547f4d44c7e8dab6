import { z } from 'zod';
import { GlanceError } from './errors.js';
import {
  CONTAINER_FORMATS,
  CORE_ATTRIBUTES,
  DISK_FORMATS,
  READONLY_ATTRIBUTES,
  RESERVED_ATTRIBUTES,
  VISIBILITIES,
  type ImageBody,
  type Viewer,
} from './image-model.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * The user-settable part of Glance's image schema (glance/api/v2/images.py `get_base_properties`).
 * Any other key is an additional property: a string of any length (glance/schema.py PermissiveSchema
 * sets `additionalProperties: {type: string}`; the column is TEXT). atrope's and cloudkeeper's
 * `APPLIANCE_ATTRIBUTES` JSON runs to kilobytes.
 */
const ImageFields = z
  .object({
    id: z.string().regex(UUID, 'is not a valid UUID').optional(),
    name: z.string().max(255).nullable().optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    protected: z.boolean().optional(),
    os_hidden: z.boolean().optional(),
    disk_format: z.enum(DISK_FORMATS).nullable().optional(),
    container_format: z.enum(CONTAINER_FORMATS).nullable().optional(),
    min_disk: z.int().min(0).optional(),
    min_ram: z.int().min(0).optional(),
    tags: z.array(z.string().max(255)).optional(),
    owner: z.string().max(255).nullable().optional(),
  })
  .catchall(z.string());

export type ImageFieldValues = z.infer<typeof ImageFields>;

/** Rejects what Glance's deserializer refuses before schema validation: read-only and reserved keys. */
export function checkWritableKeys(keys: Iterable<string>): void {
  for (const key of keys) {
    if (READONLY_ATTRIBUTES.has(key))
      throw new GlanceError(403, `Attribute '${key}' is read-only.`);
    if (RESERVED_ATTRIBUTES.has(key)) throw new GlanceError(403, `Attribute '${key}' is reserved.`);
  }
}

/** Validates against the schema, answering as glance does: `Provided object does not match schema 'image': …`. */
export function parseImageFields(input: unknown): ImageFieldValues {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new GlanceError(
      400,
      "Provided object does not match schema 'image': is not of type 'object'",
    );
  }
  const result = ImageFields.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.map(String).join('/');
  const value = issue.path.reduce<unknown>(
    (at, part) => (at as Record<PropertyKey, unknown> | undefined)?.[part as string],
    input,
  );
  throw new GlanceError(
    400,
    `Provided object does not match schema 'image': ${JSON.stringify(value)} ${describe(issue)}\n\nFailed validating in schema['properties']['${key}']`,
  );
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `is not one of ${JSON.stringify(issue.values)}`;
    case 'invalid_type':
      return `is not of type '${issue.expected}'`;
    case 'too_big':
      return `is too long`;
    case 'too_small':
      return `is less than the minimum of ${String(issue.minimum)}`;
    default:
      return issue.message;
  }
}

/**
 * Applies the policy checks Glance's domain layer makes on user-set attributes: publicizing
 * needs admin (policy `publicize_image`), the owner is an admin's to set, and formats are fixed
 * once data exists ("Attribute disk_format can be only replaced for a queued image.").
 */
export function applyImageFields(
  viewer: Viewer,
  image: ImageBody,
  fields: ImageFieldValues,
  previous?: ImageBody,
): void {
  const { id: _id, ...rest } = fields;
  if (rest.visibility === 'public' && previous?.visibility !== 'public' && !viewer.isAdmin) {
    throw new GlanceError(403, 'You are not authorized to complete publicize_image action.');
  }
  if (
    rest.owner !== undefined &&
    rest.owner !== (previous?.owner ?? viewer.projectId) &&
    !viewer.isAdmin
  ) {
    throw new GlanceError(
      403,
      previous
        ? "Owner can't be updated by non admin."
        : `You are not permitted to create images owned by '${rest.owner ?? ''}'.`,
    );
  }
  if (previous && previous.status !== 'queued') {
    for (const key of ['disk_format', 'container_format'] as const) {
      if (key in rest && rest[key] !== previous[key]) {
        throw new GlanceError(403, `Attribute ${key} can be only replaced for a queued image.`);
      }
    }
  }
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if (key === 'owner' && value === null) continue;
    image[key] = key === 'tags' ? [...new Set(value as string[])] : value;
  }
}

/** The JSON-Patch dialects glance accepts (https://docs.openstack.org/api-ref/image/v2/#update-image). */
export const PATCH_MEDIA_TYPES = [
  'application/openstack-images-v2.1-json-patch',
  'application/openstack-images-v2.0-json-patch',
] as const;

const Operation = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: z.string(), value: z.unknown() }),
  z.object({ op: z.literal('replace'), path: z.string(), value: z.unknown() }),
  z.object({ op: z.literal('remove'), path: z.string() }),
]);
const Operations = z.array(Operation);

/**
 * Applies a JSON-Patch to an image with glance/api/v2/images.py semantics: only top-level paths,
 * `replace` and `remove` of an absent property answer 409, removing a base attribute answers 403,
 * and under the v2.0 dialect `add` of an existing property is a conflict too.
 * Returns the new image body; the caller persists it.
 */
export function patchImage(
  viewer: Viewer,
  previous: ImageBody,
  body: unknown,
  mediaType: (typeof PATCH_MEDIA_TYPES)[number],
): ImageBody {
  const parsed = Operations.safeParse(body);
  if (!parsed.success) {
    throw new GlanceError(
      400,
      'Unable to find `op` in JSON Schema change. It must be one of the following: [add, remove, replace].',
    );
  }
  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(previous)) {
    if (!READONLY_ATTRIBUTES.has(key)) doc[key] = value;
  }
  for (const change of parsed.data) {
    const key = pointerRoot(change.path);
    checkWritableKeys([key]);
    if (key === 'locations') {
      // glance.conf show_multiple_locations is False at EGI sites.
      throw new GlanceError(
        403,
        "It's not allowed to update locations if locations are invisible.",
      );
    }
    const present = key in doc;
    switch (change.op) {
      case 'add':
        if (present && mediaType === 'application/openstack-images-v2.0-json-patch') {
          throw new GlanceError(409, `Property ${key} already present.`);
        }
        doc[key] = change.value;
        break;
      case 'replace':
        if (!present && !CORE_ATTRIBUTES.has(key)) {
          throw new GlanceError(409, `Property ${key} does not exist.`);
        }
        doc[key] = change.value;
        break;
      case 'remove':
        if (CORE_ATTRIBUTES.has(key))
          throw new GlanceError(403, `Property ${key} may not be removed.`);
        if (!present) throw new GlanceError(409, `Property ${key} does not exist.`);
        delete doc[key];
        break;
    }
  }
  const fields = parseImageFields(doc);
  const next: ImageBody = { ...previous };
  for (const key of Object.keys(next)) {
    if (!CORE_ATTRIBUTES.has(key)) delete next[key];
  }
  applyImageFields(viewer, next, fields, previous);
  return next;
}

/** `/name` → `name`; glance refuses nested pointers except into locations, which we do not model. */
function pointerRoot(path: string): string {
  if (!path.startsWith('/') || path.length < 2) {
    throw new GlanceError(
      400,
      `Json path should start with a '/', end with no '/', no 2 subsequent '/' are allowed.`,
    );
  }
  const parts = path.slice(1).split('/');
  if (parts.length !== 1 || parts[0] === '') {
    throw new GlanceError(400, `Invalid JSON pointer for this resource: '${path}'`);
  }
  return parts[0]!.replaceAll('~1', '/').replaceAll('~0', '~');
}
