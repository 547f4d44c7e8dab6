import type { Metric } from './usage-data.js';

const hours = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Hours to a tenth ("1,234.5"), VMs whole. */
export function formatFigure(value: number, metric: Metric): string {
  return metric === 'vms' ? count.format(value) : hours.format(value);
}

export const formatHours = (value: number): string => hours.format(value);
export const formatCount = (value: number): string => count.format(value);
