import { useEffect, useRef } from 'react';
import { type ChartOption, echarts } from './echarts.js';

interface ChartClick {
  seriesType?: string;
  name: string;
  data: unknown;
}

interface EChartProps {
  option: ChartOption;
  /** Accessible name of the chart, read instead of the drawing. */
  label: string;
  className?: string;
  /** Pixel height when it depends on the data (bar count); otherwise the CSS class decides. */
  height?: number;
  onClick?: (event: ChartClick) => void;
}

/** One ECharts instance (SVG renderer) bound to a div, resized with it and disposed with it. */
export function EChart({ option, label, className, height, onClick }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;

  useEffect(() => {
    const el = element.current;
    if (!el) return undefined;
    const instance = echarts.init(el, null, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      clickHandler.current?.({
        seriesType: params.seriesType,
        name: params.name,
        data: params.data,
      });
    });
    // A zero-sized box (seen while Chromium resizes for a full-page screenshot) makes ECharts' geo
    // view invert a singular matrix and throw; such a box has nothing to draw anyway.
    const observer = new ResizeObserver(([entry]) => {
      const box = entry?.contentRect;
      if (box && box.width > 0 && box.height > 0) instance.resize();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={element}
      className={className}
      style={height === undefined ? undefined : { height }}
      role="img"
      aria-label={label}
    />
  );
}
