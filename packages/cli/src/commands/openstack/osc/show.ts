import type { OscOutput } from './format.js';

/** API objects are loose: fields a release adds are shown as they come. */
export const rec = (value: unknown) => value as Record<string, unknown>;
/** openstackclient shows a field the API left out as None (null in -f json). */
export const nul = (value: unknown) => (value === undefined ? null : value);

/** cliff's ShowOne: every field, sorted by name. */
export function showOf(info: Record<string, unknown>): OscOutput {
  const fields = Object.keys(info).sort();
  return { kind: 'show', columns: fields, values: fields.map((f) => info[f]) };
}
