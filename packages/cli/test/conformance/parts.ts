import { it } from 'vitest';
import type { Conformance } from './context.js';
import type { TargetCapabilities } from './target.js';

/** What the suite's parts (compute.ts, images.ts, …) share with the suite that runs them. */

/** Gives a suite module the running target; only valid inside tests and hooks. */
export type Use = () => Conformance;

/** What a module needs to decide, at collection time, whether a test applies to the target. */
export interface SuiteInfo {
  kind: string;
  capabilities: TargetCapabilities;
}

/** A test that only applies with a capability: skipped with the reason shown otherwise. */
export function itWith(
  available: boolean,
  reason: string,
  name: string,
  body: () => Promise<void>,
): void {
  if (available) it(name, body);
  else
    it(name, (ctx) => {
      ctx.skip(reason);
    });
}
