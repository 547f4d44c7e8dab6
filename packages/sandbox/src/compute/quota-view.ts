import { visibleQuotaNames, type NovaQuotas } from './quota-model.js';

/** The quota-set of the microversion: only the resources it still shows. */
export function quotaSetView(quotas: NovaQuotas, mv: number): Partial<NovaQuotas> {
  return Object.fromEntries(visibleQuotaNames(mv).map((n) => [n, quotas[n]]));
}
