import { z } from 'zod';
import { GlanceError } from './errors.js';
import { applyImageFields, checkWritableKeys, parseImageFields } from './image-fields.js';
import { CORE_ATTRIBUTES, READONLY_ATTRIBUTES, type ImageBody } from './model.js';
import type { Viewer } from './visibility.js';

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
