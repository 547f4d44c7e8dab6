import { z } from 'zod';
import { OpenStackError } from './errors.js';

/**
 * Validates a response body at the edge. Schemas are loose objects, so fields a newer release
 * adds survive; only the fields callers rely on are checked.
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  service: string,
  what: string,
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new OpenStackError(
    'INVALID_RESPONSE',
    `${service} returned an unexpected ${what}: ${z.prettifyError(result.error)}`,
    {
      service,
      body: data,
      cause: result.error,
    },
  );
}

/** Item parser for `paginate`. */
export function itemParser<S extends z.ZodType>(schema: S, service: string, what: string) {
  return (item: unknown): z.output<S> => parseResponse(schema, item, service, what);
}
