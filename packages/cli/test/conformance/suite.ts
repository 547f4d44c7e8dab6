import { afterAll, beforeAll, describe } from 'vitest';
import { defineCliTests } from './cli.js';
import { defineComputeTests } from './compute.js';
import { createConformance, type Conformance } from './context.js';
import { defineErrorTests } from './errors.js';
import { defineIdentityTests } from './identity.js';
import { defineImageTests } from './images.js';
import { defineNetworkTests } from './network.js';
import { definePaginationTests } from './pagination.js';
import { sweepLeftovers } from './sweep.js';
import type { SuiteInfo, Use } from './parts.js';
import type { ConformanceTarget, TargetProvider } from './target.js';
import { defineVolumeTests } from './volumes.js';

/**
 * The one conformance suite: the same describe/it names on every target, so a sandbox run and a
 * real-site run can be compared test by test. A skipped target still registers every test (as
 * skipped), which keeps the counts comparable and the reason visible.
 */
export function defineConformanceSuite(provider: TargetProvider): void {
  const info: SuiteInfo = { kind: provider.kind, capabilities: provider.capabilities };
  const skipped = provider.skipReason !== undefined;
  if (skipped) {
    console.warn(`conformance (${provider.kind}): SKIPPED: ${provider.skipReason}`);
  }
  let target: ConformanceTarget | undefined;
  let conformance: Conformance | undefined;
  const use: Use = () => {
    if (!conformance) throw new Error(`the ${provider.kind} target did not start`);
    return conformance;
  };

  (skipped ? describe.skip : describe)('conformance', () => {
    beforeAll(async () => {
      target = await provider.start();
      conformance = await createConformance(target);
      await sweepLeftovers(conformance);
    });
    afterAll(async () => {
      if (conformance) await sweepLeftovers(conformance).catch(() => undefined);
      await conformance?.stop();
      await target?.stop();
    });

    defineIdentityTests(use, info);
    defineImageTests(use, info);
    defineComputeTests(use, info);
    defineNetworkTests(use, info);
    defineVolumeTests(use, info);
    definePaginationTests(use, info);
    defineErrorTests(use, info);
    defineCliTests(use, info);
  });
}
