import { z } from 'zod';
import { GlanceError } from './errors.js';
import {
  CONTAINER_FORMATS,
  DISK_FORMATS,
  READONLY_ATTRIBUTES,
  RESERVED_ATTRIBUTES,
  VISIBILITIES,
  type ImageBody,
} from './model.js';
import type { Viewer } from './visibility.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * The user-settable part of Glance's image schema (glance/api/v2/images.py `get_base_properties`).
 * Any other key is an additional property, which the schema restricts to strings of ≤255 chars.
 */
export const ImageFields = z
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
  .catchall(z.string().max(255));

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
