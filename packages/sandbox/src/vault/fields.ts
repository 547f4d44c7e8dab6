import { z } from 'zod';
import { parseGoBool } from './request.js';

/**
 * Vault's request fields are decoded weakly (mapstructure.WeakDecode): form posts send every value
 * as text, so "10" is an int and "false" a bool. These zod types accept what Vault accepts.
 */
export const vaultString = z.preprocess(
  (value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value),
  z.string(),
);

export const vaultInt = z.preprocess((value) => {
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}, z.number().int());

export const vaultBool = z.preprocess((value) => {
  if (typeof value === 'string') return parseGoBool(value) ?? value;
  if (typeof value === 'number') return value !== 0;
  return value;
}, z.boolean());

/** A single string stands for a one-element list (it is not split at commas). */
export const vaultStringList = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(vaultString).transform((list) => list.map((item) => item.trim())),
);

export const vaultStringMap = z.record(z.string(), vaultString);

/** A duration parameter: seconds as a number, or text (see parseDurationSecond). */
export const vaultDuration = z.union([z.string(), z.number()]);

/** mapstructure's report of fields it could not decode, which Vault returns as the error. */
export function decodeErrors(error: z.ZodError): string {
  const lines = error.issues.map(
    (issue) => `* cannot parse '${issue.path.join('.')}': ${issue.message}`,
  );
  return `${lines.length} error(s) decoding:\n\n${lines.join('\n')}`;
}
