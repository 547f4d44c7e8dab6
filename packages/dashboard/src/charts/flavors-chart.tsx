import type { SiteFlavor } from '@fedcloud/hub/api-types';
import { useMemo } from 'react';
import { distinctFlavors } from '../lib/flavors.js';
import { EChart } from './echart.js';
import type { ChartOption } from './echarts.js';

const MAX_BARS = 24;

export default function FlavorsChart({ flavors }: { flavors: readonly SiteFlavor[] }) {
  const shown = useMemo(() => distinctFlavors(flavors).slice(0, MAX_BARS), [flavors]);
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: ['vCPUs', 'RAM (GiB)', 'GPUs'] },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      // Smallest at the top, as in the table.
      yAxis: {
        type: 'category',
        inverse: true,
        data: shown.map((flavor) => flavor.name),
        axisTick: { show: false },
      },
      series: [
        {
          name: 'vCPUs',
          type: 'bar',
          barMaxWidth: 14,
          data: shown.map((flavor) => flavor.cpu),
          color: '#0b5cad',
        },
        {
          name: 'RAM (GiB)',
          type: 'bar',
          barMaxWidth: 14,
          data: shown.map((flavor) => Math.round((flavor.ramMb / 1024) * 10) / 10),
          color: '#5fa8e8',
        },
        ...(shown.some((flavor) => flavor.gpus > 0)
          ? [
              {
                name: 'GPUs',
                type: 'bar' as const,
                barMaxWidth: 14,
                data: shown.map((flavor) => flavor.gpus),
                color: '#8e44ad',
              },
            ]
          : []),
      ],
    }),
    [shown],
  );
  return (
    <EChart
      className="chart"
      height={56 + shown.length * (shown.some((flavor) => flavor.gpus > 0) ? 42 : 32)}
      option={option}
      label={`Bar chart of ${shown.length} flavors by vCPUs and RAM; the flavor table lists the same values.`}
    />
  );
}
