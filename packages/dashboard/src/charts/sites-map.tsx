import type { SiteSummary } from '@fedcloud/hub/api-types';
import { useEffect, useMemo, useState } from 'react';
import { STATUS_COLOR, STATUS_LABEL } from '../lib/format.js';
import { navigate, sitePath } from '../lib/router.js';
import { EChart } from './echart.js';
import type { ChartOption } from './echarts.js';
import { echarts } from './echarts.js';
import { frameSites } from './frame.js';
import { loadWorldMap, WORLD_MAP } from './world.js';

interface PlacedSite {
  name: string;
  value: [number, number];
  site: SiteSummary;
  itemStyle: { color: string };
}

function tooltip(site: SiteSummary): string {
  const encode = echarts.format.encodeHTML;
  return [
    `<strong>${encode(site.name)}</strong>`,
    encode(site.country || site.countryCode),
    `Status: ${encode(STATUS_LABEL[site.status])}`,
    `${site.voCount} VO${site.voCount === 1 ? '' : 's'}, ${site.endpointCount} endpoint${site.endpointCount === 1 ? '' : 's'}`,
  ].join('<br>');
}

export default function SitesMap({ sites }: { sites: readonly SiteSummary[] }) {
  const [state, setState] = useState<'loading' | 'ready' | Error>('loading');

  useEffect(() => {
    let live = true;
    loadWorldMap().then(
      () => live && setState('ready'),
      (error: unknown) => live && setState(error as Error),
    );
    return () => {
      live = false;
    };
  }, []);

  const placed = useMemo<PlacedSite[]>(
    () =>
      sites
        .filter((site) => site.longitude !== null && site.latitude !== null)
        .map((site) => ({
          name: site.name,
          value: [site.longitude ?? 0, site.latitude ?? 0],
          site,
          itemStyle: { color: STATUS_COLOR[site.status] },
        })),
    [sites],
  );

  const option = useMemo<ChartOption>(() => {
    const { center, zoom } = frameSites(placed.map((point) => point.value));
    return {
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      geo: {
        map: WORLD_MAP,
        roam: true,
        center,
        zoom,
        scaleLimit: { min: 1, max: 40 },
        silent: true,
        itemStyle: { areaColor: '#fbfcfd', borderColor: '#aebccb', borderWidth: 0.5 },
      },
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          data: placed,
          symbol: 'circle',
          symbolSize: 13,
          itemStyle: { borderColor: '#ffffff', borderWidth: 1.5, opacity: 0.95 },
          emphasis: { scale: 1.4 },
          cursor: 'pointer',
          tooltip: {
            formatter: (params) => {
              const name = Array.isArray(params) ? '' : params.name;
              const point = placed.find((candidate) => candidate.name === name);
              return point ? tooltip(point.site) : '';
            },
          },
        },
      ],
    };
  }, [placed]);

  if (state instanceof Error) {
    return <p className="notice notice-error">The map could not be drawn: {state.message}</p>;
  }
  if (state === 'loading') {
    return (
      <div className="map map-loading" role="status">
        Loading the map…
      </div>
    );
  }
  return (
    <EChart
      className="map"
      option={option}
      label={`World map of ${placed.length} site${placed.length === 1 ? '' : 's'}, coloured by status. The table below lists the same sites.`}
      onClick={(event) => {
        if (event.seriesType === 'scatter') navigate(sitePath(event.name));
      }}
    />
  );
}
