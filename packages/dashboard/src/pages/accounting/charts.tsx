import type { AccountingUsageRow } from '@fedcloud/hub/api-types';
import { useMemo } from 'react';
import { EChart } from '../../charts/echart.js';
import type { ChartOption } from '../../charts/echarts.js';
import { formatFigure } from './format.js';
import { type Metric, metricLabel, type StackedSeries } from './usage-data.js';

/** Distinct at a glance and in print; the last, grey, is for "Other". */
const SERIES_COLORS = [
  '#0b5cad',
  '#e07b00',
  '#1f8a3b',
  '#8e44ad',
  '#c62828',
  '#00838f',
  '#b8860b',
  '#5d4037',
  '#9aa3ad',
];

const colorOf = (name: string, index: number): string =>
  name.startsWith('Other (') ? '#9aa3ad' : (SERIES_COLORS[index % 8] ?? '#0b5cad');

/** Usage per month as bars stacked by site or VO (the chart's own code loads lazily). */
export function StackedUsageChart({
  data,
  metric,
  by,
}: {
  data: StackedSeries;
  metric: Metric;
  by: 'site' | 'VO';
}) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => formatFigure(Number(value), metric),
      },
      legend: { top: 0, type: 'scroll', data: data.series.map((s) => s.name) },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.months, axisTick: { alignWithLabel: true } },
      // The section's heading names the figure; an axis name would collide with the legend.
      yAxis: { type: 'value', minInterval: metric === 'vms' ? 1 : 0 },
      series: data.series.map((series, index) => ({
        name: series.name,
        type: 'bar',
        stack: 'usage',
        barMaxWidth: 48,
        data: series.values.map((value) => Math.round(value * 100) / 100),
        color: colorOf(series.name, index),
      })),
    }),
    [data, metric],
  );
  return (
    <EChart
      className="chart accounting-chart"
      option={option}
      label={`Stacked bar chart of ${metricLabel(metric).toLowerCase()} per month by ${by}, ${data.months.length} months and ${data.series.length} ${by === 'site' ? 'sites' : 'VOs'}; the table below lists the totals.`}
    />
  );
}

/** CPU hours (left axis) and VMs (right axis) side by side for each month. */
export function CpuAndVmsChart({ months }: { months: readonly AccountingUsageRow[] }) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: ['CPU hours', 'VMs'] },
      // Room under the legend for the two axes' names.
      grid: { left: 8, right: 8, top: 60, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.month ?? '') },
      yAxis: [
        { type: 'value', name: 'CPU hours' },
        { type: 'value', name: 'VMs', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: 'CPU hours',
          type: 'bar',
          barMaxWidth: 32,
          data: months.map((m) => Math.round(m.cpuHours * 100) / 100),
          color: '#0b5cad',
        },
        {
          name: 'VMs',
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 32,
          data: months.map((m) => m.vms),
          color: '#e07b00',
        },
      ],
    }),
    [months],
  );
  return (
    <EChart
      className="chart accounting-chart"
      option={option}
      label={`Bar chart of CPU hours and VMs in each of ${months.length} months; the monthly table lists the same values.`}
    />
  );
}
