import type { ComputeContext } from './env.js';
import type { KeypairRecord } from './keypair-model.js';
import { atLeast } from './microversion.js';

/** The keypair as lists show it; 2.2 adds `type`. */
export function keypairSummary(c: ComputeContext, k: KeypairRecord): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: k.name,
    public_key: k.publicKey,
    fingerprint: k.fingerprint,
  };
  if (atLeast(c, 2)) body.type = k.type;
  return body;
}
