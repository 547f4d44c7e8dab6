import { z } from 'zod';

/** What can go wrong at one emulated site; all fields may be changed while it runs. */
export const faultsSchema = z
  .object({
    /** Added to every response of the site. */
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    /** Added to Keystone responses only (a slow identity service is a classic EGI failure). */
    keystoneLatencyMs: z.number().int().min(0).max(600_000).default(0),
    /** Fraction (0..1) of requests answered with 503 Service Unavailable. */
    errorRate: z.number().min(0).max(1).default(0),
    /** The listener is closed: clients get ECONNREFUSED. */
    down: z.boolean().default(false),
    /** Connections are accepted but never answered: clients hit their own timeout. */
    hang: z.boolean().default(false),
    /** New servers go to ERROR instead of ACTIVE. */
    failBuilds: z.boolean().default(false),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;
export type FaultsPatch = z.input<typeof faultsSchema>;

export function noFaults(): Faults {
  return faultsSchema.parse({});
}
